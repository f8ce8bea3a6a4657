Dear ${customerName},

${issuerName} has issued you the ${documentKind} ${number}.

Document: ${documentKind} ${number}
Issue date: ${issueDate}
Amount: ${amount} ${currency}

<#if attached>The electronic document (PDF and XML) is attached in a ZIP file.

</#if>You can view your ${documentKind} and download it by following this link ${invoiceUrl}
<#if buyerEvents>
Send this invoice's events (acknowledgement of receipt, receipt of the goods, acceptance or claim) to ${receptionAddress}.
</#if>

Questions? Call our support line ${supportPhone}.
