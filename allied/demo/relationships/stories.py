"""The story of each demo cohort: who is paired with whom, and how each relationship went."""

from __future__ import annotations

import datetime as dt
from typing import Any

from allied.demo import conversations as talk
from allied.demo.relationships.drafts import DAY, Draft, History, MemberDraft, R
from allied.partnerships.models import Member
from allied.programmes.models import Application, Cohort


class Stories(History):
    """The drafts for each cohort, from its accepted applications."""

    def mentoring_scheme(self, cohort: Cohort) -> list[Draft]:
        """The first intake, seven months on: pairs in every state the dashboard shows."""
        rng, today = self.rng, self.today
        start = cohort.start_date
        mentors = self.accepted(cohort, "mentor")
        mentees = self.accepted(cohort, "mentee")
        farah = self.account(mentors, "mentor")
        amara = self.account(mentees, "mentee")
        catherine = self.account(mentors, "leader")
        if farah is None or amara is None:
            return []
        others = [m for m in mentors if m not in (farah, catherine)]
        elsewhere = set(
            Application.objects.filter(person__in=[m.person for m in others])
            .exclude(cohort=cohort)
            .values_list("person_id", flat=True)
        )
        singles = [m for m in others if m.capacity == 1]
        leaving = next((m for m in singles if m.person_id not in elsewhere), None)
        overloaded = next((m for m in singles if m is not leaving), None)
        busiest = max(others, key=lambda m: m.capacity)
        rest = [m for m in others if m not in (leaving, overloaded, busiest)]
        spare = {m.pk: m.capacity for m in rest}
        queue = [m for m in mentees if m is not amara]

        def mentee() -> Application | None:
            return queue.pop(0) if queue else None

        def mentor() -> Application | None:
            free = [m for m in rest if spare[m.pk] > 0]
            if not free:
                return None
            chosen = max(free, key=lambda m: spare[m.pk])
            spare[chosen.pk] -= 1
            return chosen

        def recent() -> dt.date:
            return today - dt.timedelta(days=rng.randint(2, 26))

        drafts: list[Draft] = []

        def add(story: str, a: Application | None, b: Application | None, **kw: Any) -> Draft:
            if a is None or b is None:  # the plan in plan.py always has enough people
                raise LookupError(f"No mentee or mentor left for the {story!r} pair.")
            draft = self.pair(story, cohort, a, b, **kw)
            drafts.append(draft)
            return draft

        # The demo mentee and mentor: monthly meetings, a revised agreement, goals, doors opened.
        demo = add("demo", amara, farah, started_on=start + 7 * DAY)
        self.live(demo, last=today - 3 * DAY, every=30, agreement="revised", goals=2, sponsorship=3)
        # Farah's first mentee finished as planned after six months.
        done = add("completed", mentee(), farah, started_on=start)
        ended = self.end(
            done,
            done.months[0] + 4 * DAY,
            R.EndReason.COMPLETED,
            "Finished as planned: promoted to a band 7 post.",
        )
        self.live(done, last=ended - 2 * DAY, goals=2, sponsorship=3)
        done.reflections = [
            (0, talk.REFLECTIONS["completed_mentee"], "yes", True, ended + 2 * DAY),
            (1, talk.REFLECTIONS["completed_mentor"], "yes", True, ended + 5 * DAY),
        ]
        # A pair that was not working ended early; the mentee is offered Farah, who has not
        # answered yet; the mentor took on a late mentee, whose agreement is not confirmed.
        mentor_y, rematched = mentor(), mentee()
        stopped = add("not_working", rematched, mentor_y, started_on=start + 7 * DAY)
        ended = self.end(
            stopped, stopped.started_on + 98 * DAY, R.EndReason.NOT_WORKING, talk.NOT_WORKING_NOTE
        )
        self.live(stopped, last=ended - 12 * DAY, every=35, mood="not_working")
        stopped.reflections = [
            (0, talk.REFLECTIONS["not_working_mentee"], "unsure", False, ended + DAY),
            (1, talk.REFLECTIONS["not_working_mentor"], "yes", False, ended + 3 * DAY),
        ]
        again = add(
            "rematch",
            rematched,
            farah,
            started_on=today - 3 * DAY,
            status=R.Status.PROPOSED,
            replaces="not_working",
        )
        again.members[0].response = Member.Response.ACCEPTED
        again.members[1].response = Member.Response.PENDING
        late = add("no_agreement", mentee(), mentor_y, started_on=today - 37 * DAY)
        self.live(
            late,
            last=today - 26 * DAY,
            agreement="proposed",
            goals=1,
            sponsorship=0,
            next_meeting=False,
        )
        # More healthy pairs: Farah's third mentee, and the demo senior leader's.
        healthy = add("healthy", mentee(), farah, started_on=start + 14 * DAY)
        self.live(healthy, last=recent(), goals=2, sponsorship=2)
        if catherine is not None:
            led = add("healthy", mentee(), catherine, started_on=start + 10 * DAY)
            self.live(led, last=recent(), goals=1, sponsorship=2)
        # A mentor committed to more hours a month than she offered.
        for _ in range(3):
            busy = add(
                "over_hours",
                mentee(),
                busiest,
                hours_per_month=3,
                started_on=start + rng.randint(3, 21) * DAY,
            )
            self.live(busy, last=recent(), sponsorship=rng.randint(0, 2))
        # A mentor who offered one mentee and took two.
        for _ in range(2):
            over = add(
                "over_capacity", mentee(), overloaded, started_on=start + rng.randint(3, 21) * DAY
            )
            self.live(over, last=recent(), sponsorship=1)
        # The mentor left the trust five weeks ago: the mentee needs a new one.
        gone = add("mentor_left", mentee(), leaving, started_on=start + 7 * DAY)
        self.live(gone, last=today - 58 * DAY, goals=1, sponsorship=1)
        gone.members[1].person.left_on = today - 35 * DAY
        # The mentee went quiet two months ago; her mentor raised a concern.
        quiet = add("no_meeting", mentee(), mentor(), started_on=start + 7 * DAY)
        self.live(quiet, last=today - 64 * DAY, mood="silent")
        quiet.concern = (1, talk.CONCERN_MESSAGE, self.users["facilitator"], today - 12 * DAY)
        # Expectations misaligned, says the mentee's last check-in.
        mis = add("misaligned", mentee(), mentor(), started_on=start + 7 * DAY)
        self.live(mis, last=recent(), mood="misaligned", sponsorship=0)
        # Meeting, but neither finds it useful.
        low = add("low_usefulness", mentee(), mentor(), started_on=start + 14 * DAY)
        self.live(low, last=today - 30 * DAY, every=42, mood="low", sponsorship=0)
        # The mentee stepped back from the scheme for a secondment.
        step = add("left_programme", mentee(), mentor(), started_on=start + 7 * DAY)
        step.members[0].left_on = today - 20 * DAY
        self.live(step, last=today - 33 * DAY, sponsorship=1)
        # Paused while the mentee is off sick.
        pause = add(
            "paused",
            mentee(),
            mentor(),
            started_on=start + 7 * DAY,
            status=R.Status.PAUSED,
            paused_on=today - 30 * DAY,
            paused_until=today + 35 * DAY,
        )
        self.live(pause, last=today - 44 * DAY, next_meeting=False)
        # Everyone else: healthy pairs, one of whom turned reminders off.
        quiet_email = True
        while queue:
            match = mentor()
            if match is None:
                break
            pair = add("healthy", mentee(), match, started_on=start + rng.randint(3, 21) * DAY)
            pair.quiet_email, quiet_email = quiet_email, False
            self.live(
                pair,
                last=recent(),
                agreement=rng.choice(["confirmed"] * 4 + ["revised"]),
                goals=rng.randint(1, 2),
                sponsorship=rng.randint(0, 3),
            )
        return drafts

    def pilot(self, cohort: Cohort) -> list[Draft]:
        """The learning partnerships' pilot: four pairs, fifteen months on."""
        today = self.today
        leaders = self.accepted(cohort, "senior_leader")
        partners = self.accepted(cohort, "bme_partner")
        pairs = list(zip(partners, leaders, strict=False))
        if len(pairs) < 4:
            return []
        start = cohort.start_date + DAY  # they met at the first launch session
        drafts = []
        completed = self.pair("completed", cohort, *pairs[0], started_on=start)
        ended = self.end(completed, completed.months[0] + 10 * DAY, R.EndReason.COMPLETED)
        self.live(completed, last=ended - 3 * DAY, every=32, goals=2, sponsorship=3)
        completed.reflections = [
            (0, talk.REFLECTIONS["pilot_partner"], "yes", True, ended + 4 * DAY),
            (1, talk.REFLECTIONS["pilot_leader"], "yes", True, ended + 6 * DAY),
        ]
        drafts.append(completed)
        for number, pair in enumerate(pairs[1:3]):
            ending = self.pair("ends_soon", cohort, *pair, started_on=start)
            self.live(
                ending,
                last=today - dt.timedelta(days=8 + 12 * number),
                every=32 + 10 * number,
                goals=2,
                sponsorship=3 - number,
            )
            drafts.append(ending)
        left = self.pair("partner_left", cohort, *pairs[3], started_on=start)
        leaver = left.members[1]
        leaver.person.left_on = start + 200 * DAY
        ended = self.end(
            left,
            leaver.person.left_on + 7 * DAY,
            R.EndReason.PARTNER_LEFT,
            f"{leaver.person.display_name} left the trust for a post in another region.",
        )
        self.live(left, last=leaver.person.left_on - 20 * DAY, goals=2, sponsorship=1)
        left.reflections = [(0, talk.REFLECTIONS["left_partner"], "yes", False, ended + 9 * DAY)]
        drafts.append(left)
        return drafts

    def circles(self, cohort: Cohort) -> list[Draft]:
        """One circle of six: a senior AHP and five members, meeting monthly."""
        leads = self.accepted(cohort, "circle_lead")
        members = self.accepted(cohort, "circle_member")[:5]
        if not leads or len(members) < 5:
            return []
        draft = Draft(
            story="circle",
            cohort=cohort,
            name="Tuesday lunchtime circle",
            started_on=cohort.start_date + DAY,
            hours_per_month=1.5,
            members=[MemberDraft(leads[0].person, "circle_lead", "circle_lead")]
            + [MemberDraft(a.person, "circle_member", "circle_member") for a in members],
        )
        self.live(draft, last=self.today - 9 * DAY, every=28, goals=3, sponsorship=2)
        return [draft]
