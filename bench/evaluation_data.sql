-- A synthetic province for bench/bench_evaluation.py until `dondoc gen-data` is on main:
-- 100 agencies with 9 divisions each, 30,000 people (1,000 heads and leaders with
-- accounts), 650,000 notice tasks and 350,000 breakdowns over 2023-2026, their creation,
-- acceptance and return events and 25,000 extensions. Run it once on an empty, migrated
-- PostgreSQL database of your own (psql -v ON_ERROR_STOP=1 -f bench/evaluation_data.sql).
BEGIN;
INSERT INTO org_unit (id, name, short_name, code, kind, parent_id, aliases, active, "order", path, name_folded)
VALUES (1,'UBND tỉnh','UBND','ubnd','committee',NULL,'[]',true,0,'/1/','ubnd tinh');
INSERT INTO org_unit (id, name, short_name, code, kind, parent_id, aliases, active, "order", path, name_folded)
SELECT i, 'Sở '||i, 'S'||i, 'so-'||i, 'department', 1, '[]', true, i, '/1/'||i||'/', 'so '||i FROM generate_series(2,101) i;
INSERT INTO org_unit (id, name, short_name, code, kind, parent_id, aliases, active, "order", path, name_folded)
SELECT i, 'Phòng '||i, 'P'||i, 'phong-'||i, 'division', 2 + (i-102)/9, '[]', true, i, '/1/'||(2+(i-102)/9)||'/'||i||'/', 'phong '||i FROM generate_series(102,1001) i;
SELECT setval(pg_get_serial_sequence('org_unit','id'), 2000);

INSERT INTO org_person (id, full_name, title, unit_id, staff_group, job_position_id, email, phone, active)
SELECT p, 'Cán bộ '||p, 'Chuyên viên',
       CASE WHEN p BETWEEN 901 AND 1000 THEN 2 + (p-901) ELSE 102 + (p-1)%900 END,
       CASE WHEN p <= 1000 THEN 'leader' ELSE 'civil_servant' END, NULL, '', '', true
FROM generate_series(1,30000) p;
SELECT setval(pg_get_serial_sequence('org_person','id'), 40000);

INSERT INTO org_user (id, password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined, person_id, calendar_token)
SELECT p, '!', NULL, false, 'u'||p, '', '', '', false, true, now(), p, md5('t'||p) FROM generate_series(1,1000) p;
INSERT INTO org_userrole (user_id, role) SELECT p, 'head' FROM generate_series(1,1000) p;
INSERT INTO org_userrole (user_id, role) SELECT p, 'leader' FROM generate_series(901,1000) p;
SELECT setval(pg_get_serial_sequence('org_user','id'), 2000);

-- 650,000 top-level tasks of the agencies over 2023-2026
INSERT INTO tasks_task (id, document_id, source_start, source_end, section, number, content, content_folded, assigned_by_id,
  lead_unit_id, lead_text, coordinators_text, products, parent_id, assignee_id, assigned_on, deadline_text, original_due_date,
  due_date, effective_due_date, urgent, recurrence, state, progress, submitted_on, completed_on, acceptance, accepted_by_id,
  extension_count, closed_on, created_by_id, created_at, updated_at, deleted_at, deleted_by_id, deletion_reason)
SELECT id, NULL, NULL, NULL, '[]', NULL, 'Nhiệm vụ '||id, 'nhiem vu '||id, NULL,
  2 + id%100, '', '[]',
  (ARRAY['["Báo cáo"]','["Kế hoạch"]','["Tờ trình"]','["Báo cáo", "Kế hoạch"]','[]','["dự thảo Quyết định"]'])[1 + id%6]::jsonb,
  NULL, NULL, a, '', a + (7 + id%60), a + (7 + id%60), a + (7 + id%60), false, '',
  CASE WHEN id%100 < 90 THEN 'done' WHEN id%100 < 97 THEN 'in_progress' ELSE 'cancelled' END,
  CASE WHEN id%100 < 90 THEN 100 ELSE 40 END,
  CASE WHEN id%100 < 90 THEN a + (7 + id%60) + (id%13 - 9) END,
  CASE WHEN id%100 < 90 THEN a + (7 + id%60) + (id%13 - 9) END,
  CASE WHEN id%100 < 90 THEN 'passed' ELSE '' END, NULL, 0,
  CASE WHEN id%100 >= 97 THEN a + 10 END, NULL, now(), now(), NULL, NULL, ''
FROM (SELECT id, DATE '2023-01-01' + (id::bigint*1461/650000)::int AS a FROM generate_series(1,650000) id) s;

-- 350,000 breakdowns to divisions and their people
INSERT INTO tasks_task (id, document_id, source_start, source_end, section, number, content, content_folded, assigned_by_id,
  lead_unit_id, lead_text, coordinators_text, products, parent_id, assignee_id, assigned_on, deadline_text, original_due_date,
  due_date, effective_due_date, urgent, recurrence, state, progress, submitted_on, completed_on, acceptance, accepted_by_id,
  extension_count, closed_on, created_by_id, created_at, updated_at, deleted_at, deleted_by_id, deletion_reason)
SELECT c.id, NULL, NULL, NULL, '[]', NULL, 'Giao xử lý '||c.id, 'giao xu ly '||c.id, NULL,
  c.d, '', '[]', p.products, p.id, (c.d-101) + 900*(c.id%33), p.assigned_on + 1, '', p.due_date - 2, p.due_date - 2, p.due_date - 2,
  false, '',
  CASE WHEN c.id%100 < 88 THEN 'done' WHEN c.id%100 < 97 THEN 'in_progress' ELSE 'cancelled' END,
  CASE WHEN c.id%100 < 88 THEN 100 ELSE 30 END,
  CASE WHEN c.id%100 < 88 THEN p.due_date - 2 + (c.id%11 - 8) END,
  CASE WHEN c.id%100 < 88 THEN p.due_date - 2 + (c.id%11 - 8) END,
  CASE WHEN c.id%100 < 88 THEN 'passed' ELSE '' END, NULL, 0,
  CASE WHEN c.id%100 >= 97 THEN p.assigned_on + 12 END, NULL, now(), now(), NULL, NULL, ''
FROM (SELECT id, 102 + id%900 AS d FROM generate_series(650001,1000000) id) c
JOIN tasks_task p ON p.id = ((2 + (c.d-102)/9) - 2) + 100 * ((c.id*7)%6500) + CASE WHEN ((2 + (c.d-102)/9) - 2) = 0 THEN 100 ELSE 0 END;
SELECT setval(pg_get_serial_sequence('tasks_task','id'), 2000000);

-- events: created for all, accepted for done, returned for 8% of done
INSERT INTO tasks_taskevent (task_id, kind, at, actor_id, changes, note, lead_unit_id, state, due_date)
SELECT id, 'created', assigned_on + time '08:00', NULL, '{}', '', lead_unit_id, 'new', due_date FROM tasks_task;
INSERT INTO tasks_taskevent (task_id, kind, at, actor_id, changes, note, lead_unit_id, state, due_date)
SELECT id, 'accepted', completed_on + time '15:00', NULL, '{}', '', lead_unit_id, 'done', due_date FROM tasks_task WHERE state = 'done';
INSERT INTO tasks_taskevent (task_id, kind, at, actor_id, changes, note, lead_unit_id, state, due_date)
SELECT id, 'returned', completed_on - 2 + time '15:00', NULL, '{}', 'Chưa đạt', lead_unit_id, 'in_progress', due_date FROM tasks_task WHERE state = 'done' AND id%25 < 2;
-- extensions granted (some after the period they concern)
INSERT INTO tasks_extension (task_id, requested_by_id, requested_at, reason, current_due_date, proposed_date, status, decided_by_id, decided_at, granted_date, decision_note)
SELECT id, 1, (due_date - 5) + time '09:00', 'Lý do', due_date - 10, due_date, 'granted', 1, (due_date + 3) + time '09:00', due_date, ''
FROM tasks_task WHERE id%40 = 0;
COMMIT;
ANALYZE;
