"""The analogy finder page: describe a situation (a GET form, no JavaScript), read the published
episodes most like it. The similarity and the form are public.analogy's; this view only renders.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from public import analogy


@require_safe
def analogy_finder(request):
    form = analogy.SituationForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = analogy.rank(form.situation(), limit=form.result_limit())
    return render(
        request,
        "public/analogies/finder.html",
        {
            "form": form,
            "results": results,
            "formula": analogy.FORMULA,
            "weights": [(analogy.LABELS[name], w) for name, w in analogy.WEIGHTS.items()],
        },
        status=400 if form.is_bound and form.errors else 200,
    )
