"""Serving a private file (stored outside MEDIA_ROOT) once a view has decided who may have it."""

from django.http import FileResponse, Http404


def private_file_response(attachment) -> FileResponse:
    """The attachment as a download under its original name; 404 if the file is gone."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
