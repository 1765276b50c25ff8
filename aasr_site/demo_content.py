"""The old home page's content, and sample letters, for a site that starts full."""

from pathlib import Path

LETTER_BODIES = Path(__file__).parent / "demo" / "letters"


def letter_body(slug: str) -> str:
    return (LETTER_BODIES / f"{slug}.txt").read_text(encoding="utf-8")


STORIES = [
    {
        "slug": "im-a-teacher-and-i-dont-believe-restraints-keep-children-safe",
        "title": "I’m a teacher, and I don’t believe restraints keep children safe",
        "perspective": "teacher",
        "tags": ["teachers", "restraint"],
        "body": (
            "I started my career working in a residential facility. Restraints and "
            "seclusions were common, almost daily experiences. So I have a long "
            "history with them.\n\n"
            "I am embarrassed to say that while I was in my 20’s trying to supervise "
            "extremely volatile and impacted children, I saw them as “sometimes "
            "necessary for safety.” I don’t think that anymore.\n\n"
            "As an educator, I have worked relentlessly to decrease the use of these "
            "traumatic interventions."
        ),
    },
    {
        "slug": "safety-first-a-quick-start-guide-for-parents",
        "title": (
            "Safety First: A quick start guide for parents working to keep their "
            "kids safe from restraint, seclusion, suspension, and expulsion"
        ),
        "perspective": "parent",
        "tags": ["parents", "guide"],
        "body": (
            "When I held each of my two kids as newborns, I promised to keep each of "
            "them as safe as possible.\n\n"
            "I know that the world isn’t fair and that no parent can (or should) "
            "shield their children from all of life’s difficulties, but I thought "
            "that since I had a relatively safe childhood, I could keep both my kids "
            "safe from abuse and trauma as elementary school students."
        ),
    },
    {
        "slug": "these-things-go-in-a-closet",
        "title": "These Things Go in a Closet",
        "perspective": "advocate",
        "tags": ["seclusion", "legislation"],
        "body": (
            "These things go in a closet.\n\n"
            "Kids don’t belong in a closet in school.\n\n"
            "These things go in a closet.\n\n"
            "Putting kids in a closet is cruel. Putting kids in a closet is cruel.\n\n"
            "Vote to end the seclusion rooms."
        ),
    },
    {
        "slug": "a-teacher-on-a-mission-to-reduce-restraint-and-seclusion",
        "title": (
            "A teacher on a mission to reduce and eliminate restraint and seclusion"
        ),
        "perspective": "teacher",
        "tags": ["teachers", "trauma-informed"],
        "body": (
            "I’m a special educator with over ten years of experience working in "
            "self-contained alternative classrooms in Arizona and Vermont.\n\n"
            "When I began my career, I was a teacher who restrained and secluded "
            "young children. I was a teacher who couldn’t have done anything "
            "differently because I lacked skills. I was new and inexperienced. I "
            "didn’t understand the impacts that trauma and adverse experiences have "
            "on young children’s perception of the world. Unknowingly, I contributed "
            "to the trauma by using restraint and seclusion.\n\n"
            "Restraint and seclusion never felt right, so I quit using them."
        ),
    },
    {
        "slug": "the-impulsive-princess",
        "title": "The Impulsive Princess",
        "perspective": "student",
        "content_note": "Describes the restraint and seclusion of a young child.",
        "tags": ["students", "seclusion", "restraint"],
        "body": (
            "School is hard. A classmate told my mom I wasn’t a real Princess. My mom "
            "said, “How do you know she isn’t a real Princess?” I laughed.\n\n"
            "This Princess is restrained and secluded at school for not listening or "
            "not working on boring worksheets or not sitting in my boring chair.\n\n"
            "Being secluded makes me sad and mad. Mom calls that being smad."
        ),
    },
]

EVENT = {
    "slug": "compliance-to-compassion",
    "title": (
        "Compliance to compassion: Supporting students, teachers, and staff in "
        "challenging times"
    ),
    "summary": (
        "The past two years have been challenging: teachers, children, and families "
        "are struggling. This full-day virtual event will focus on hope and "
        "solutions. Join us for the live full-day virtual event!"
    ),
    "description": (
        "The past two years have been challenging – teachers, children, and families "
        "are struggling. There has been an increase in stress behaviors in the "
        "classroom. The approach to “managing” behavior in many schools is failing "
        "children, educators, and families.\n\n"
        "This full-day virtual event will focus on hope and solutions. Join us for "
        "the live full-day virtual event!"
    ),
    "time_zone": "America/New_York",
    "format": "virtual",
    "cost": "Free",
    "is_featured": True,
    "tags": ["virtual", "educators", "families"],
}

FAMILY = "family"
SUPPORT = "support"

LETTERS = [
    {
        "slug": "request-records-of-restraint-and-seclusion",
        "title": "Request every record of restraint or seclusion of my child",
        "kind": FAMILY,
        "audience": "principal",
        "summary": (
            "Use this when you learn or suspect that your child was restrained or "
            "secluded at school. It asks, in writing, for every record of every "
            "incident, which you have the right to see."
        ),
        "tags": ["records", "ferpa"],
        "response_days": 45,
        "response_rule": (
            "FERPA and IDEA give the school at most 45 days after it receives your "
            "request (under IDEA, sooner if an IEP meeting or hearing comes first); "
            "some states require an answer sooner."
        ),
        "guidance": (
            "- **Send it so you have proof**: by email (keep the sent message), or "
            "hand it in and ask for a dated copy, or by certified mail.\n"
            "- **The clock starts when the school receives it.** Put the due date "
            "in your calendar with the reminder on this page.\n"
            "- If your child has an IEP, send a copy to the district's special "
            "education director too.\n"
            "- Looking at the records is free. The school may charge a reasonable "
            "fee for copies, but not so much that it stops you from seeing them, "
            "and never for searching for them.\n"
            "- Keep a folder with a copy of this letter, everything you receive, "
            "and notes of every call (date, name, what was said).\n"
            "- If the school says a record does not exist, ask for that answer in "
            "writing."
        ),
    },
    {
        "slug": "request-an-iep-meeting-after-an-incident",
        "title": "Request an IEP meeting after a restraint or seclusion",
        "kind": FAMILY,
        "audience": "iep_team",
        "summary": (
            "Use this after your child was restrained or secluded, to ask the IEP "
            "team to meet, review what happened and change the plan so it does not "
            "happen again."
        ),
        "tags": ["iep", "meeting"],
        "guidance": (
            "- Send it to your child's case manager, with a copy to the principal "
            "and the district's special education director.\n"
            "- Ask for the incident report and any behavior data **before** the "
            "meeting, so you have time to read them.\n"
            "- You may bring someone with you: a friend, an advocate, or someone "
            "who knows your child well.\n"
            "- If you have not yet asked for the records, send the records request "
            "letter at the same time."
        ),
    },
    {
        "slug": "complaint-to-the-state-education-agency",
        "title": "File a complaint with the state education agency",
        "kind": FAMILY,
        "audience": "state_agency",
        "summary": (
            "Use this when a school used restraint or seclusion against your state's "
            "rules or your child's IEP, or did not tell you. A written state "
            "complaint must generally be filed within one year of the incident."
        ),
        "tags": ["complaint", "state"],
        "response_days": 60,
        "response_rule": (
            "Under IDEA (34 CFR 300.152), the state has 60 days after it receives "
            "your complaint to investigate and issue a written decision; it may "
            "extend that only in exceptional circumstances or if you agree to "
            "mediation."
        ),
        "guidance": (
            "- **Deadline:** the complaint must be about something that happened "
            "no more than one year before the state receives it.\n"
            "- IDEA asks that a complaint include your signature and contact "
            "details, your child's name, address and school, the facts, and how "
            "you would like the problem resolved. This letter has a place for "
            "each.\n"
            "- **Send a copy to the school district at the same time** as you send "
            "it to the state: the rules require it.\n"
            "- Many states have their own complaint form. You may use it instead, "
            "or attach this letter to it.\n"
            "- Attach copies, never originals: incident reports, notes, emails, "
            "photos of injuries, the IEP or behavior plan."
        ),
    },
    {
        "slug": "ask-a-legislator-to-support-a-ban",
        "title": "Ask a legislator to support a ban on restraint and seclusion",
        "kind": FAMILY,
        "audience": "legislator",
        "summary": (
            "Use this to tell your state or federal lawmaker why restraint and "
            "seclusion must end, and to ask them to support a bill that bans or "
            "limits them."
        ),
        "tags": ["legislation", "advocacy"],
        "guidance": (
            "- Your state legislature's website lists your legislators and the "
            "bills before them, with their numbers.\n"
            "- Keep it to one page. Your own story, in a few sentences, is what "
            "lawmakers remember.\n"
            "- Email it, then call the office a few days later to ask where the "
            "lawmaker stands."
        ),
    },
    {
        "slug": "model-letter-of-support-for-a-bill",
        "title": (
            "Model letter of support for a bill that limits restraint and seclusion"
        ),
        "kind": SUPPORT,
        "audience": "legislator",
        "summary": (
            "For organizations: a position letter in support of legislation that "
            "limits restraint and seclusion in schools, to adapt, sign on your "
            "letterhead and send to the bill's committee."
        ),
        "tags": ["legislation", "organizations"],
        "guidance": (
            "- Print it on your letterhead and have your director or board chair "
            "sign it.\n"
            "- Check the bill's number, its committee and the hearing date on the "
            "legislature's website, and send the letter before the hearing.\n"
            "- Many committees accept written testimony: submit the letter that "
            "way too, so it becomes part of the record.\n"
            "- Tell other organizations in your coalition, so their letters arrive "
            "together."
        ),
    },
]
