Dear ${customerName},

The password of your user ${username} on ${issuerName}'s electronic invoicing platform has just been changed.

If it was you, there is nothing to do. If it was not, reset your password from ${loginUrl} ("Forgot your password?") and call our support line ${supportPhone}.
