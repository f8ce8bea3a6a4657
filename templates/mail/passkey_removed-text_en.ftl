Dear ${customerName},

A passkey was removed from your user ${username} on ${issuerName}'s electronic invoicing platform. It no longer logs in.

If it was you, there is nothing to do. If it was not, log in at ${loginUrl}, change your password and call our support line ${supportPhone}.
