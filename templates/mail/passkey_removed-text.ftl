Estimado(a) ${customerName}:

Se eliminó una llave de acceso (passkey) de su usuario ${username} en la plataforma de facturación electrónica de ${issuerName}. Con ella ya no se puede ingresar.

Si fue usted, no tiene que hacer nada. Si no fue usted, ingrese en ${loginUrl}, cambie su contraseña y comuníquese con nuestra línea de soporte ${supportPhone}.
