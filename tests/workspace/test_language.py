"""The workspace speaks Indonesian by default; msgids are English."""

from django.urls import reverse


def test_it_shows_the_dashboard_in_indonesian(staff_client, settings):
    settings.LANGUAGE_CODE = "id"
    html = staff_client.get(reverse("workspace:dashboard")).content.decode()
    assert "<h1>Dasbor</h1>" in html
    assert "Kewajiban lewat tenggat" in html


def test_it_explains_import_errors_in_indonesian(staff_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.LANGUAGE_CODE = "id"
    response = staff_client.post(
        reverse("workspace:commitment_import"), {"file": SimpleUploadedFile("laporan.pdf", b"%PDF-1.4")}
    )
    assert response.context["check"].file_errors == ["Ini bukan lembar kerja: pilih berkas .csv atau .xlsx."]
