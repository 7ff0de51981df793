from dondoc.org.models import Person
from dondoc.tasks.visibility import visible_people, visible_tasks


def test_a_user_sees_the_tasks_of_their_unit_and_the_units_below(cast, make_task):
    snv_task = make_task(lead_unit=cast.snv)
    division_task = make_task(lead_unit=cast.snv_ccvc)
    stc_task = make_task(lead_unit=cast.stc)
    assert set(visible_tasks(cast.snv_director)) == {snv_task, division_task}
    assert set(visible_tasks(cast.specialist)) == {division_task}
    assert set(visible_tasks(cast.outsider)) == {stc_task}


def test_office_follow_up_staff_and_the_provinces_leaders_see_all(cast, make_task):
    tasks = {make_task(lead_unit=cast.snv), make_task(lead_unit=cast.stc), make_task(lead_unit=cast.commune)}
    assert set(visible_tasks(cast.followup)) == tasks
    assert set(visible_tasks(cast.leader)) == tasks


def test_a_coordinating_unit_and_the_assignee_see_the_task(cast, make_task):
    task = make_task(lead_unit=cast.snv, coordinating_units=[cast.stc])
    assert task in visible_tasks(cast.outsider)
    other = make_task(lead_unit=cast.commune, assignee=cast.specialist.person)
    assert other in visible_tasks(cast.specialist)


def test_soft_deleted_tasks_are_hidden_unless_asked_for(cast, make_task):
    from django.utils import timezone

    task = make_task()
    task.deleted_at = timezone.now()
    task.save(update_fields=["deleted_at"])
    assert task not in visible_tasks(cast.followup)
    assert task in visible_tasks(cast.followup, include_deleted=True)


def test_a_user_without_a_unit_or_not_logged_in_sees_nothing(cast, make_task):
    from django.contrib.auth.models import AnonymousUser

    from dondoc.org.models import User

    make_task()
    lonely = User.objects.create_user("khongdonvi", password="x")
    assert not visible_tasks(lonely).exists()
    assert not visible_tasks(AnonymousUser()).exists()
    assert not visible_people(AnonymousUser()).exists()


def test_people_are_scoped_like_tasks(cast):
    assert set(visible_people(cast.ccvc_head)) == {cast.ccvc_head.person, cast.specialist.person}
    assert set(visible_people(cast.followup)) == set(Person.objects.all())
