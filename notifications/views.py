from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from . import selectors, services


@login_required
def notifications(request):
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("notifications:list")
    items = list(selectors.unread_notifications(request.user)[:50])
    return render(request, "notifications/notifications.html", {"items": items})
