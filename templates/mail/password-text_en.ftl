Dear ${customerName},

This is your temporary password for the ${issuerName} e-invoicing platform:

Usuario: ${username}
Contraseña: ${password}

Use it with the single-use access URL from the "User activation" email. When you sign in, the platform will ask you to change it. It expires with that URL.

Questions? Call our support line ${supportPhone}.
