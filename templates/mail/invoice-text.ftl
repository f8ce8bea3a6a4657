Estimado(a) ${customerName}:

${issuerName} le ha emitido la ${documentKind} ${number}.

Documento: ${documentKind} ${number}
Fecha de emisión: ${issueDate}
Valor: ${amount} ${currency}

<#if attached>Adjuntamos el documento electrónico (PDF y XML) en un archivo ZIP.

</#if>Puede consultar su ${documentKind} y realizar la descarga ingresando al siguiente link ${invoiceUrl}
<#if buyerEvents>
Envíe los eventos de esta factura (acuse de recibo, recibo del bien, aceptación o reclamo) a ${receptionAddress}.
</#if>

¿Dudas? Comuníquese con nuestra línea de soporte ${supportPhone}.
