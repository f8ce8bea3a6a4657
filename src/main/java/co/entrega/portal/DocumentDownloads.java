package co.entrega.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;

import co.entrega.storage.DocumentStore;

/**
 * PDF, XML and DESCARGAS PENDIENTES downloads, streamed from the document store straight to the response: memory stays
 * constant whatever the size or the number of documents. A download is logged only once every byte has been written.
 */
@Controller
class DocumentDownloads {

    private static final Logger log = LoggerFactory.getLogger(DocumentDownloads.class);
    /** Documents read from the database per query while a pending-downloads ZIP is written. */
    private static final int PAGE = 200;

    private final CustomerDocuments documents;
    private final DocumentStore store;
    private final DownloadLog downloads;

    DocumentDownloads(CustomerDocuments documents, DocumentStore store, DownloadLog downloads) {
        this.documents = documents;
        this.store = store;
        this.downloads = downloads;
    }

    @GetMapping("/facturas/{id}/pdf")
    void pdf(@PathVariable long id, @AuthenticationPrincipal PortalUser user, HttpServletRequest request,
             HttpServletResponse response) throws IOException {
        CustomerDocument document = own(user, id);
        if (document.pdfDocumentId() == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        if (send(document.pdfDocumentId(), "application/pdf", document.fileBaseName() + ".pdf", request, response)) {
            downloads.record(user, id, DownloadLog.Document.PDF, request.getRemoteAddr());
        }
    }

    @GetMapping("/facturas/{id}/xml")
    void xml(@PathVariable long id, @AuthenticationPrincipal PortalUser user, HttpServletRequest request,
             HttpServletResponse response) throws IOException {
        CustomerDocument document = own(user, id);
        if (send(document.xmlDocumentId(), "application/xml", document.fileBaseName() + ".xml", request, response)) {
            downloads.record(user, id, DownloadLog.Document.XML, request.getRemoteAddr());
        }
    }

    /**
     * One ZIP with the PDF and XML of every document not downloaded yet, read from the database a page at a time and
     * written as it is read. The documents are marked downloaded after the last byte; a broken connection marks none.
     */
    @PostMapping("/descargas/pendientes")
    void pending(@AuthenticationPrincipal PortalUser user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        List<CustomerDocument> page = documents.pendingAfter(user.customerId(), 0, PAGE);
        if (page.isEmpty()) {
            response.sendRedirect(request.getContextPath() + "/facturas?sinPendientes");
            return;
        }
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("descargas-pendientes-" + LocalDate.now() + ".zip").build().toString());
        List<Long> sent = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(response.getOutputStream())) {
            while (!page.isEmpty()) {
                for (CustomerDocument document : page) {
                    if (!filesPresent(document)) {
                        // Left out (and so still pending) rather than break every later attempt at the same place.
                        log.error("pending downloads: document {} skipped, a stored file is missing", document.id());
                        continue;
                    }
                    String base = uniqueBase(document, names);
                    if (document.pdfDocumentId() != null) {
                        addEntry(zip, base + ".pdf", document.pdfDocumentId());
                    }
                    addEntry(zip, base + ".xml", document.xmlDocumentId());
                    sent.add(document.id());
                }
                page = documents.pendingAfter(user.customerId(), page.get(page.size() - 1).id(), PAGE);
            }
            zip.finish();
            response.flushBuffer();
        }
        downloads.recordAll(user, sent, DownloadLog.Document.PENDING_ZIP, request.getRemoteAddr());
        log.info("pending downloads: {} documents to account {}", sent.size(), user.accountId());
    }

    private CustomerDocument own(PortalUser user, long id) {
        // Another customer's document and a document that does not exist look the same: 404.
        return documents.find(user.customerId(), id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    /** @return true when the body was sent (a HEAD request gets the headers only, and is not a download) */
    private boolean send(String documentId, String contentType, String fileName, HttpServletRequest request,
                         HttpServletResponse response) throws IOException {
        long size = store.size(documentId);
        response.setContentType(contentType);
        response.setContentLengthLong(size);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName).build().toString());
        if ("HEAD".equals(request.getMethod())) {
            return false;
        }
        try (InputStream in = store.open(documentId)) {
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
            response.flushBuffer();
        }
        return true;
    }

    private boolean filesPresent(CustomerDocument document) {
        return store.exists(document.xmlDocumentId())
                && (document.pdfDocumentId() == null || store.exists(document.pdfDocumentId()));
    }

    private void addEntry(ZipOutputStream zip, String name, String documentId) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        try (InputStream in = store.open(documentId)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    private static String uniqueBase(CustomerDocument document, Set<String> names) {
        String base = document.fileBaseName();
        if (!names.add(base.toLowerCase(Locale.ROOT))) {
            base = base + "-" + document.id();
            names.add(base.toLowerCase(Locale.ROOT));
        }
        return base;
    }
}
