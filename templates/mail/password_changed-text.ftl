Estimado(a) ${customerName}:

La contraseña de su usuario ${username} en la plataforma de facturación electrónica de ${issuerName} acaba de ser cambiada.

Si fue usted, no tiene que hacer nada. Si no fue usted, restablezca su contraseña desde ${loginUrl} ("¿Olvidó su contraseña?") y comuníquese con nuestra línea de soporte ${supportPhone}.
