Estimado(a) ${customerName}:

${issuerName} le da la bienvenida a su plataforma de facturación electrónica, donde puede consultar y descargar sus facturas.

Sus datos de acceso:

Usuario: ${username}

URL acceso único:
${activationUrl}

<#if setPasswordMode>Al abrir este enlace podrá elegir su contraseña. El enlace se puede usar una sola vez y vence en ${validDays} días.<#else>En un correo aparte recibirá su contraseña temporal. Abra este enlace, ingrese el usuario y la contraseña, y la plataforma le pedirá elegir una contraseña nueva. El enlace se puede usar una sola vez y vence en 15 días.</#if>

¿Dudas? Comuníquese con nuestra línea de soporte ${supportPhone}.
