from django.http import HttpResponse


def error_400(request, exception=None):
    return HttpResponse("Bad request", status=400)


def error_403(request, exception=None):
    return HttpResponse("Forbidden", status=403)


def error_404(request, exception=None):
    return HttpResponse("Not found", status=404)


def error_500(request):
    return HttpResponse("Server error", status=500)
