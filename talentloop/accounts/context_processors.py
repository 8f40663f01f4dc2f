from talentloop.accounts.personas import personas


def persona(request):
    return {"personas": personas(request)}
