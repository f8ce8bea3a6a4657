Estimado(a) ${customerName}:

Recibimos una solicitud para restablecer la contraseña de su usuario en la plataforma de facturación electrónica de ${issuerName}.

Usuario: ${username}

Para elegir una nueva contraseña ingrese al siguiente link (sirve una sola vez y vence en ${validMinutes} minutos):
${resetUrl}

Si usted no lo solicitó, ignore este mensaje: su contraseña actual sigue vigente.

¿Dudas? Comuníquese con nuestra línea de soporte ${supportPhone}.
