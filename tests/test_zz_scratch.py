import re, pytest
from tests.catalogue_loaded import catalogue  # noqa
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
def text(r):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.content.decode()))
def test_show(client):
    for url in ["/networks/carin/", "/countries/gb/", "/countries/", "/maps/world.svg"]:
        r = client.get(url)
        print(url, r.status_code)
        t = text(r)
        print(t[:600]); open("/tmp/page"+url.replace("/","_")+".html","w").write(r.content.decode())
        print("-----")
