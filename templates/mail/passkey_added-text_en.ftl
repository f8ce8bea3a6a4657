Dear ${customerName},

A new passkey was added to your user ${username} on ${issuerName}'s electronic invoicing platform. It logs in without typing the password.

If it was you, there is nothing to do. If it was not, log in at ${loginUrl}, remove the passkey under "Passkeys", change your password and call our support line ${supportPhone}.
