Dear ${customerName},

${issuerName} welcomes you to its e-invoicing platform, where you can view and download your invoices.

Your access details:

Usuario: ${username}

Single-use access URL:
${activationUrl}

<#if setPasswordMode>This link lets you choose your password. It works once and expires in ${validDays} days.<#else>Your temporary password comes in a separate email. Open this link, enter the user and the password, and the platform will ask you to choose a new password. The link works once and expires in 15 days.</#if>

Questions? Call our support line ${supportPhone}.
