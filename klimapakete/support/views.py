from django.shortcuts import render

from klimapakete.packages.selectors import support_overview
from klimapakete.support.access import support_view


@support_view
def dashboard(request):
    packages, teams, stuck_steps = support_overview()
    rows = [{"team": team, "cells": [team.packages.get(p.pk) for p in packages]} for team in teams]
    context = {"packages": packages, "rows": rows, "stuck_steps": stuck_steps}
    return render(request, "support/dashboard.html", context)
