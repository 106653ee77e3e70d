"""Checked storage of uploaded files, shared by reports and stakeholder inputs."""

from django.core.files.uploadedfile import UploadedFile

from hiwar.accounts.models import User
from hiwar.reviews.models import Attachment, ReportVersion, StakeholderInput
from hiwar.reviews.services.errors import ReviewError
from hiwar.reviews.uploads import CheckedUpload, UploadRejected, check_upload


def check_file(uploaded: UploadedFile) -> CheckedUpload:
    """The upload's checks, with a refusal turned into a ReviewError for the user."""
    try:
        return check_upload(uploaded)
    except UploadRejected as error:
        raise ReviewError(str(error)) from error


def store_attachment(
    *,
    actor: User | None,
    uploaded: UploadedFile,
    checked: CheckedUpload,
    version: ReportVersion | None = None,
    stakeholder_input: StakeholderInput | None = None,
) -> Attachment:
    """Store a checked file under a name made from its checksum, never the user's file name."""
    attachment = Attachment(
        version=version,
        stakeholder_input=stakeholder_input,
        original_name=(uploaded.name or "file")[-200:],
        kind=checked.kind,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        page_count=checked.page_count,
        uploaded_by=actor,
    )
    attachment.file.save(f"{checked.sha256}.{checked.kind}", uploaded, save=False)
    attachment.save()
    return attachment
