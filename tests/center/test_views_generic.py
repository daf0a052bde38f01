"""The center's pages on core's generic views: edit pages edit in place,
messages, cancel links and the one form/confirm templates."""

import datetime as dt

from center.models import HistoryEntry


def test_editing_a_history_entry_changes_it_in_place(manager_client):
    entry = HistoryEntry.objects.create(date=dt.date(2013, 3, 1), text="센터 개소")
    page = manager_client.get(f"/center/history/{entry.pk}/edit/").content.decode()
    assert 'value="센터 개소"' in page
    assert "주요연혁 수정" in page and 'href="/center/profile/"' in page
    response = manager_client.post(
        f"/center/history/{entry.pk}/edit/",
        {"date": "2013-03-02", "text": "센터 개소식"},
        follow=True,
    )
    assert HistoryEntry.objects.count() == 1
    entry.refresh_from_db()
    assert (entry.date, entry.text) == (dt.date(2013, 3, 2), "센터 개소식")
    assert "저장했습니다." in response.content.decode()


def test_deleting_a_history_entry_asks_first_then_says_so(manager_client):
    entry = HistoryEntry.objects.create(date=dt.date(2013, 3, 1), text="센터 개소")
    page = manager_client.get(f"/center/history/{entry.pk}/delete/").content.decode()
    assert "‘2013" in page or "센터 개소" in page
    assert 'href="/center/profile/"' in page  # 취소 goes back to the profile
    response = manager_client.post(f"/center/history/{entry.pk}/delete/", follow=True)
    assert not HistoryEntry.objects.exists()
    assert "삭제했습니다." in response.content.decode()
