Estimado(a) ${customerName}:

Esta es su contraseña temporal para la plataforma de facturación electrónica de ${issuerName}:

Usuario: ${username}
Contraseña: ${password}

Úsela junto con la URL de acceso único que recibió en el correo "Activación de usuario". Al ingresar, la plataforma le pedirá cambiarla. Vence junto con esa URL.

¿Dudas? Comuníquese con nuestra línea de soporte ${supportPhone}.
