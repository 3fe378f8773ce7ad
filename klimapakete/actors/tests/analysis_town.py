"""Lindenfeld, a small fictitious town, as input for the readable analysis tests."""

from klimapakete.actors.analysis.algorithms import ActorNode, AdminUnit, Relation

COUNCIL, GREENS, SPD, CDU, MAYOR, CLIMATE_OFFICE, BUILDING, STADTWERKE, COMMITTEE = range(1, 10)

UNITS = [
    AdminUnit(COUNCIL, "council", "Stadtrat"),
    AdminUnit(GREENS, "party_group", "Fraktion Grüne", COUNCIL),
    AdminUnit(SPD, "party_group", "Fraktion SPD", COUNCIL),
    AdminUnit(CDU, "party_group", "Fraktion CDU", COUNCIL),
    AdminUnit(MAYOR, "mayor", "Bürgermeisterin"),
    AdminUnit(CLIMATE_OFFICE, "climate_office", "Stabsstelle Klimaschutz", MAYOR),
    AdminUnit(BUILDING, "department", "Bauamt", MAYOR),
    AdminUnit(STADTWERKE, "company", "Stadtwerke Lindenfeld"),
    AdminUnit(COMMITTEE, "committee", "Umweltausschuss", COUNCIL),
]

# Actor ids, named for readable assertions.
LENA = 1  # the team's own contact in the climate initiative
JONAS = 2  # climate manager
AYLIN = 3  # Green councillor
PETER = 4  # SPD councillor
HANS = 5  # CDU councillor
MAYOR_WEBER = 6
SCHULZ = 7  # head of the building department
MUELLER = 8  # managing director of the Stadtwerke
IHK = 9  # head of the chamber of commerce
BAKERY = 10
SCHOOL = 11
FRIDAYS = 12  # Fridays for Future group
PASTOR = 13
HOUSING = 14  # housing company
EDITOR = 15  # local newspaper, no known relations yet

ACTORS = [
    ActorNode(LENA, "civil society", 2, 2, 5, "active", True),
    ActorNode(JONAS, "administration", 2, 2, 4, "conversation", unit_id=CLIMATE_OFFICE),
    ActorNode(AYLIN, "council", 2, 3, 4, "supportive", unit_id=GREENS),
    ActorNode(PETER, "council", 1, 3, 3, "contacted", unit_id=SPD),
    ActorNode(HANS, "council", -1, 4, 2, "identified", unit_id=CDU),
    ActorNode(MAYOR_WEBER, "administration", 0, 5, 2, "identified", unit_id=MAYOR),
    ActorNode(SCHULZ, "administration", 1, 4, 2, "contacted", unit_id=BUILDING),
    ActorNode(MUELLER, "business", 0, 4, 2, "identified", unit_id=STADTWERKE),
    ActorNode(IHK, "business", -1, 4, 1, "identified"),
    ActorNode(BAKERY, "business", 1, 1, 4, "identified"),
    ActorNode(SCHOOL, "education", 1, 2, 4, "contacted"),
    ActorNode(FRIDAYS, "civil society", 2, 2, 5, "committed"),
    ActorNode(PASTOR, "citizens", 1, 2, 3, "identified"),
    ActorNode(HOUSING, "business", 0, 3, 2, "identified"),
    ActorNode(EDITOR, "citizens", 0, 3, 3, "identified"),
]

RELATIONS = [
    Relation(LENA, FRIDAYS, "knows", 3),
    Relation(LENA, JONAS, "knows", 2),
    Relation(LENA, AYLIN, "knows", 3),
    Relation(AYLIN, PETER, "knows", 2),
    Relation(PETER, HANS, "knows", 1),
    Relation(PETER, MAYOR_WEBER, "party_colleague", 3),
    Relation(JONAS, MAYOR_WEBER, "works_for", 2, directed=True),
    Relation(JONAS, SCHULZ, "knows", 2),
    Relation(SCHULZ, MUELLER, "knows", 2),
    Relation(MUELLER, IHK, "member_of", 2, directed=True),
    Relation(IHK, HOUSING, "knows", 2),
    Relation(HANS, IHK, "knows", 3),
    Relation(BAKERY, IHK, "member_of", 1, directed=True),
    Relation(BAKERY, SCHOOL, "knows", 2),
    Relation(SCHOOL, PASTOR, "knows", 2),
    Relation(FRIDAYS, SCHOOL, "knows", 2),
    Relation(PASTOR, LENA, "knows", 1),
]
