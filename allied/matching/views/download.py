"""A run's proposals as a spreadsheet (XLSX or CSV)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.text import slugify

from allied.accounts.http import AuthedRequest
from allied.core.errors import NotFound
from allied.matching import exports, selectors


@login_required
def download(request: AuthedRequest, run_id: int) -> HttpResponse:
    file_format = request.GET.get("format", "xlsx")
    if file_format not in exports.CONTENT_TYPES:
        raise NotFound("Download as xlsx or csv.")
    run = selectors.match_run_get(user=request.user, run_id=run_id)
    proposals, unmatched = selectors.match_run_for_download(user=request.user, run=run)
    body = exports.render(exports.run_tables(run, proposals, unmatched), file_format)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[file_format])
    name = slugify(f"{run.cohort.programme.name} {run.cohort.name} match run {run.number}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
