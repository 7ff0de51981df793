import pytest

from dondoc.org.choices import UnitKind
from dondoc.org.models import Unit


def test_it_keeps_the_path_of_each_unit_for_subtree_queries(cast):
    assert set(Unit.objects.subtree(cast.snv)) == {cast.snv, cast.snv_ccvc, cast.snv_tcbc}
    assert cast.snv_ccvc.ancestors() == [cast.province, cast.snv]


def test_it_moves_a_whole_subtree_when_a_unit_changes_parent(cast):
    cast.snv.parent = cast.office
    cast.snv.save()
    cast.snv_ccvc.refresh_from_db()
    assert cast.snv_ccvc.path == f"/{cast.province.pk}/{cast.office.pk}/{cast.snv.pk}/{cast.snv_ccvc.pk}/"
    assert cast.snv_ccvc in Unit.objects.subtree(cast.office)


def test_it_refuses_a_unit_below_itself(cast):
    from django.core.exceptions import ValidationError

    cast.snv.parent = cast.snv_ccvc
    with pytest.raises(ValidationError):
        cast.snv.save()


def test_it_stores_a_folded_name_for_search(db):
    unit = Unit.objects.create(code="x", name="Sở Văn hóa, Thể thao và Du lịch", kind=UnitKind.DEPARTMENT)
    assert unit.name_folded == "so van hoa, the thao va du lich"


def test_who_sees_everything(cast):
    assert cast.leader.sees_everything()  # leader of the province committee
    assert cast.followup.sees_everything()
    assert not cast.snv_director.sees_everything()  # a department's leader sees the department
    assert cast.clerk.sees_everything()  # the Office's clerk registers every notice's tasks
    assert not cast.specialist.sees_everything()


def test_the_remembered_unit_picker_follows_a_renamed_or_moved_unit(cast):
    from dondoc.org.models import Unit
    from dondoc.org.tree import tree_choices

    def labels():
        return {
            pk: label.strip("\u00a0")
            for _g, options in tree_choices(Unit.objects.all())
            for pk, label in options
        }

    before = labels()
    assert before[cast.snv.pk] == cast.snv.name
    Unit.objects.filter(pk=cast.snv.pk).update(name="Sở Nội vụ (tên mới)")
    assert labels()[cast.snv.pk] == "Sở Nội vụ (tên mới)"
    first = tree_choices(Unit.objects.all())
    first[0][1].insert(0, ("", "Tất cả"))  # a caller's change does not reach the next one
    assert tree_choices(Unit.objects.all())[0][1][0] != ("", "Tất cả")
