"""Admin forms of the site."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm


class LoginForm(WagtailLoginForm):
    """Wagtail 8.0.1 declares the password field without a label, so the admin
    login shows the English field name "Password": give it its French label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mot de passe")


# -- uploads: type and size, with French messages ---------------------------------
# Wagtail 8.0.1's French catalogue leaves its image upload messages untranslated:
# the editors would read "This file is too big". The limits themselves come from
# settings (WAGTAILIMAGES_EXTENSIONS / _MAX_UPLOAD_SIZE, WAGTAILDOCS_EXTENSIONS /
# PERSEV_DOCUMENT_MAX_UPLOAD_SIZE, see persev_site/settings/base.py).


class ImageForm(BaseImageForm):
    """The image form of the admin (add, edit, multiple upload, chooser)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is None:
            return
        formats = field.supported_formats_text
        limit = field.max_upload_size_text
        field.help_text = f"Formats acceptés : {formats}. Taille maximale : {limit}."
        field.error_messages.update(
            {
                "invalid_image_extension": (
                    "Ce type de fichier n’est pas accepté pour une image. "
                    f"Formats acceptés : {formats}."
                ),
                "invalid_image_known_format": (
                    "Ce fichier n’est pas une image .%(extension)s valide : son contenu "
                    "est au format %(image_format)s. Enregistrez-le avec la bonne "
                    "extension."
                ),
                "invalid_image": (
                    "Ce fichier n’est pas une image lisible. "
                    f"Formats acceptés : {formats}."
                ),
                "file_too_large": (
                    "Ce fichier est trop lourd (%(file_size)s). "
                    "Taille maximale : %(max_filesize)s."
                ),
                "file_too_large_unknown_size": (
                    f"Ce fichier est trop lourd. Taille maximale : {limit}."
                ),
                "file_too_many_pixels": (
                    "Cette image a trop de pixels (%(num_pixels)s). "
                    "Maximum : %(max_pixels_count)s."
                ),
            }
        )


class DocumentForm(BaseDocumentForm):
    """The document form of the admin: Wagtail checks the extension
    (WAGTAILDOCS_EXTENSIONS) but not the size; this adds the size limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            extensions = ", ".join(
                ext.upper() for ext in getattr(settings, "WAGTAILDOCS_EXTENSIONS", [])
            )
            limit = filesizeformat(settings.PERSEV_DOCUMENT_MAX_UPLOAD_SIZE)
            field.help_text = (
                f"Formats acceptés : {extensions}. Taille maximale : {limit}."
            )

    def _post_clean(self):
        # After the model's own checks (the extension, on the file assigned to
        # the instance): refusing the file earlier would leave the instance
        # without one and add a misleading "extension « » not allowed".
        super()._post_clean()
        file = self.cleaned_data.get("file")
        limit = settings.PERSEV_DOCUMENT_MAX_UPLOAD_SIZE
        if file and limit is not None and getattr(file, "size", 0) > limit:
            self.add_error(
                "file",
                ValidationError(
                    "Ce fichier est trop lourd (%(size)s). "
                    "Taille maximale : %(limit)s.",
                    code="file_too_large",
                    params={
                        "size": filesizeformat(file.size),
                        "limit": filesizeformat(limit),
                    },
                ),
            )
