Estimado(a) ${customerName}:

Se registró una nueva llave de acceso (passkey) para su usuario ${username} en la plataforma de facturación electrónica de ${issuerName}. Con ella se ingresa sin escribir la contraseña.

Si fue usted, no tiene que hacer nada. Si no fue usted, ingrese en ${loginUrl}, elimine la llave en "Llaves de acceso", cambie su contraseña y comuníquese con nuestra línea de soporte ${supportPhone}.
