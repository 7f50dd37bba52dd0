"""Floor time kept on the meeting row (``meetings.floor_counts``) as interventions end, are entered or corrected.

The chair dashboard and the meeting's outcomes read it without joining interventions. It is written with plain SQL,
like the presence counters (webapp/meetings/counters.py): a meeting row changed through the ORM would bump the
forum's content version at every intervention. Those present (members and guests who attended, by gender and by
constituency) are counted in the same statement, so that shares of the floor compare with shares of the room.
"""
from __future__ import annotations

from sqlalchemy import text

from webapp.extensions import db

_REFRESH = """
WITH iv AS (SELECT coalesce(gender, 'undisclosed') AS g, coalesce(constituency, 'none') AS c, seconds
            FROM interventions WHERE tenant_id = :tid AND meeting_id = :mid AND seconds IS NOT NULL),
     pr AS (SELECT coalesce(mem.gender, i.guest_gender, 'undisclosed') AS g,
                   coalesce(mem.constituency, o.constituency, i.guest_constituency, 'none') AS c
            FROM invitations i
            LEFT JOIN members mem ON mem.tenant_id = i.tenant_id AND mem.id = i.member_id
            LEFT JOIN organisations o ON o.tenant_id = mem.tenant_id AND o.id = mem.organisation_id
            WHERE i.tenant_id = :tid AND i.meeting_id = :mid AND i.attended)
UPDATE meetings SET floor_counts = jsonb_build_object(
  'gender', coalesce((SELECT jsonb_object_agg(g, jsonb_build_array(n, s)) FROM
                      (SELECT g, count(*) AS n, sum(seconds) AS s FROM iv GROUP BY g) x), '{}'),
  'constituency', coalesce((SELECT jsonb_object_agg(c, jsonb_build_array(n, s)) FROM
                            (SELECT c, count(*) AS n, sum(seconds) AS s FROM iv GROUP BY c) x), '{}'),
  'present', jsonb_build_object(
     'gender', coalesce((SELECT jsonb_object_agg(g, n) FROM (SELECT g, count(*) AS n FROM pr GROUP BY g) x), '{}'),
     'constituency', coalesce((SELECT jsonb_object_agg(c, n) FROM (SELECT c, count(*) AS n FROM pr GROUP BY c) x),
                              '{}')))
WHERE tenant_id = :tid AND id = :mid
"""


def refresh(tenant_id: int, meeting_id: int) -> None:
    db.session.execute(text(_REFRESH), {"tid": tenant_id, "mid": meeting_id})
