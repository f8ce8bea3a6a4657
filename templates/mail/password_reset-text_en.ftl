Dear ${customerName},

We received a request to reset the password of your user on ${issuerName}'s electronic invoicing platform.

Username: ${username}

To choose a new password, open this link (it works once and expires in ${validMinutes} minutes):
${resetUrl}

If you did not ask for it, ignore this message: your current password still works.

Questions? Call our support line ${supportPhone}.
