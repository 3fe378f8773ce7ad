"""The actor map's URLs, mounted under /t/<team_slug>/actors/: one urls module per subject."""

from klimapakete.actors.administration import urls as administration
from klimapakete.actors.analysis import urls as analysis
from klimapakete.actors.directory import urls as directory
from klimapakete.actors.importing import urls as importing

app_name = "actors"

urlpatterns = [
    *directory.urlpatterns,
    *importing.urlpatterns,
    *analysis.urlpatterns,
    *administration.urlpatterns,
]
