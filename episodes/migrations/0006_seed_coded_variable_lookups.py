"""Seed the configurable lists of the coded variables and give the roles their permissions.

Types of conflict, targets, objectives and other policy instruments are configurable like the
measure subtypes: reviewers curate them in the admin, and the public codebook reads them from the
table. Researchers code them on the episode (add, change, delete the episode's rows) and read the
lists; reviewers also add and change list values (deleting one is for administrators).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONFLICT_TYPES = [
    # (code, label, definition)
    ("armed-conflict", "Armed conflict",
     "The sanctions respond to an armed conflict within or between states: fighting, its spread, "
     "or threats to a ceasefire or peace agreement."),
    ("non-proliferation", "Non-proliferation",
     "The sanctions respond to the development, testing or proliferation of nuclear, chemical, "
     "biological or other weapons of mass destruction and their means of delivery."),
    ("terrorism", "Terrorism",
     "The sanctions respond to acts of terrorism or to support given to terrorist groups."),
    ("unconstitutional-change", "Unconstitutional change of government",
     "The sanctions respond to a coup d'état, an attempted coup or another seizure or retention "
     "of power outside the constitutional order."),
    ("civilians-human-rights", "Protection of civilians and human rights",
     "The sanctions respond to attacks on civilians, grave violations of human rights or of "
     "international humanitarian law, or the obstruction of humanitarian assistance."),
    ("democracy-governance", "Democracy support and good governance",
     "The sanctions support elections, a political transition or the functioning of state "
     "institutions."),
    ("natural-resources", "Illicit exploitation of natural resources",
     "The sanctions respond to the illicit exploitation of or trade in natural resources "
     "(diamonds, timber, charcoal, minerals, petroleum) that finances armed groups or a conflict."),
    ("criminal-violence", "Organised crime and criminal violence",
     "The sanctions respond to violence and crime by gangs or criminal networks that threaten "
     "peace and security."),
    ("other", "Other issue area",
     "An issue area none of the other values describes; the episode's narrative explains it."),
]

TARGETS = [
    ("government", "The government",
     "The state's government or ruling regime, its institutions and the officials acting for it."),
    ("former-government", "A former government or regime",
     "A deposed government or regime, its former leaders and those who support them."),
    ("non-state-armed-groups", "Non-state armed groups",
     "Rebel movements, militias and other armed groups not under the state's control."),
    ("terrorist-groups", "Terrorist groups and their supporters",
     "Groups the Security Council regards as terrorist, their members, financiers and "
     "facilitators."),
    ("criminal-networks", "Criminal networks and gangs",
     "Organised criminal groups, gangs and their leaders and financiers."),
    ("individuals-entities", "Individuals and entities",
     "Persons, companies, organisations and vessels named on the sanctions list, whatever side "
     "they are on."),
    ("economic-sectors", "Sectors of the economy",
     "Whole sectors or trades (oil, coal, timber, banking, shipping) rather than named parties."),
]

OBJECTIVES = [
    # (code, label, purpose or "" for any purpose, definition)
    ("cease-hostilities", "Cease hostilities", "",
     "End fighting, respect a ceasefire or withdraw forces."),
    ("support-peace-process", "Support a peace process", "",
     "Bring the parties to negotiate, sign or implement a peace agreement or a political "
     "settlement."),
    ("cease-nuclear-missile-tests", "Cease nuclear tests and ballistic missile launches",
     "coerce",
     "Stop testing nuclear devices and launching ballistic missiles."),
    ("end-wmd-programmes", "End WMD programmes", "",
     "Abandon nuclear, chemical, biological or ballistic missile programmes, verifiably."),
    ("return-to-negotiations", "Return to negotiations", "coerce",
     "Return to, or begin, negotiations on the issue at stake (for example the Six-Party Talks)."),
    ("limit-wmd-technology", "Limit access to WMD-related goods and technology", "constrain",
     "Deny the target the goods, technology, expertise and funds its weapons of mass destruction "
     "and their means of delivery need."),
    ("limit-arms-flows", "Limit the flow of arms", "constrain",
     "Deny arms and related materiel, training and support to the parties."),
    ("cut-financing", "Cut off sources of financing", "constrain",
     "Deny the target revenue: trade in commodities, financial services, overseas workers, "
     "illicit trade."),
    ("counter-terrorism", "Counter terrorism", "",
     "Stop terrorist acts and deny terrorist groups funds, arms, travel and safe haven."),
    ("restore-constitutional-order", "Restore constitutional order", "",
     "Return power to the constitutional authorities after an unconstitutional change of "
     "government."),
    ("protect-civilians", "Protect civilians and human rights", "",
     "End attacks on civilians and grave violations of human rights and humanitarian law; allow "
     "humanitarian access."),
    ("support-democratic-governance", "Support democratic governance", "",
     "Hold elections, complete a political transition or strengthen state institutions."),
    ("end-illicit-resource-trade", "End the illicit exploitation of natural resources", "",
     "Stop the trade in natural resources that finances armed groups or a conflict."),
    ("support-non-proliferation-norms", "Support non-proliferation norms (NPT)", "signal",
     "Affirm the norm against the proliferation of weapons of mass destruction, in particular "
     "the Treaty on the Non-Proliferation of Nuclear Weapons."),
    ("support-international-norms", "Support another international norm", "signal",
     "Affirm a norm other than non-proliferation (against terrorism, coups, attacks on "
     "civilians…), named in the note."),
]

INSTRUMENTS = [
    ("negotiations", "Negotiations and diplomacy",
     "Talks, summits, mediation or good offices with the target, bilateral or multilateral, by "
     "states, the UN or regional organisations."),
    ("inducements", "Inducements",
     "Offers of aid, sanctions relief, security guarantees or other rewards for a change of "
     "behaviour."),
    ("unilateral-sanctions", "Unilateral sanctions by member states",
     "Sanctions imposed by individual states on their own authority, beside the UN's."),
    ("regional-sanctions", "Sanctions by regional organisations",
     "Sanctions of the African Union, the European Union, ECOWAS, the League of Arab States or "
     "another regional organisation."),
    ("threat-of-force", "Threats of the use of force",
     "Explicit or implicit threats of military action against the target."),
    ("use-of-force", "Use of force",
     "Military action against the target by states, coalitions or alliances."),
    ("military-de-escalation", "Suspension of military exercises and other de-escalation",
     "Military steps taken to lower tension, such as postponing or suspending military "
     "exercises."),
    ("peace-operation", "Peace operation",
     "A UN or regional peacekeeping, observer or stabilisation mission in the country."),
    ("icc-referral", "Referral to the International Criminal Court",
     "The Security Council refers the situation to the International Criminal Court, or the "
     "Court investigates it."),
    ("other", "Other instrument",
     "An instrument none of the other values describes, named in the note."),
]

# Each working model the episode's coding adds, and each new list.
CODING_ROWS = ["episodeconflicttype", "episodetarget", "purposeobjective", "episodeinstrument"]
LISTS = ["conflicttype", "targettype", "objective", "policyinstrument"]


def seed(apps, schema_editor):
    for model_name, rows in (
        ("ConflictType", CONFLICT_TYPES),
        ("TargetType", TARGETS),
        ("PolicyInstrument", INSTRUMENTS),
    ):
        model = apps.get_model("episodes", model_name)
        for order, (code, label, definition) in enumerate(rows, start=1):
            model.objects.update_or_create(
                code=code, defaults={"label": label, "definition": definition, "order": order}
            )
    Objective = apps.get_model("episodes", "Objective")
    for order, (code, label, purpose, definition) in enumerate(OBJECTIVES, start=1):
        Objective.objects.update_or_create(
            code=code,
            defaults={"label": label, "purpose": purpose, "definition": definition, "order": order},
        )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now (as the
    # migration that created the roles does) so the groups get them in the same `migrate`.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(models, actions):
        codenames = [f"{action}_{model}" for model in models for action in actions]
        return Permission.objects.filter(content_type__app_label="episodes", codename__in=codenames)

    researcher = [
        *permissions(CODING_ROWS, ("add", "change", "delete", "view")),
        *permissions(LISTS, ("view",)),
    ]
    for group in Group.objects.filter(name__in=["Researchers", "Reviewers"]):
        group.permissions.add(*researcher)
    for group in Group.objects.filter(name="Reviewers"):
        group.permissions.add(*permissions(LISTS, ("add", "change")))


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0005_episode_coded_variables"),
        ("editorial", "0002_create_roles"),
    ]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
