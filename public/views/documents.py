import logging

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from agreements.models import Document

logger = logging.getLogger(__name__)


def document_download(request, pk, office=None):
    documents = Document.objects.public()
    if office is not None:
        documents = documents.filter(agreement__office=office)
    document = get_object_or_404(documents, pk=pk)
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        logger.error("Public document %s has no file in storage: %s", document.pk, document.file.name)
        raise Http404 from None
    # Always a download, never rendered by the browser, whatever the file claims to be.
    response = FileResponse(file, as_attachment=True, filename=document.original_name or document.file.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
