"""The static files storage: Django's manifest (hashed names) with WhiteNoise's
gzip and Brotli copies, made once per file.

WhiteNoise's `CompressedManifestStaticFilesStorage` compresses both the
original name (`app.css`) and the hashed copy the pages link
(`app.3f2a….css`), so every file was compressed twice; Brotli at its highest
level is most of collectstatic's time. Here only the hashed copies are
compressed. The originals stay (for anything that names a file without the
manifest) and are served uncompressed.

`STATIC_COMPRESS=0` (the laptop's `make run`) makes no compressed copies at
all: WhiteNoise serves the plain files, and the first start is seconds faster.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class CompressedOnceManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def compress_files(self, paths):
        # Called after the manifest pass, when `hashed_files` maps every
        # original name to its final hashed name.
        if not getattr(settings, "STATIC_COMPRESS", True):
            return iter(())
        linked = set(self.hashed_files.values())
        return super().compress_files([path for path in paths if path in linked])
