def unread(request):
    """`nav_unread`: the number of unread in-app notifications of the logged-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Notification

    return {"nav_unread": Notification.objects.filter(recipient=user, read_at__isnull=True).count()}
