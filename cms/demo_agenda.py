"""The 2024 programme for the demo, from shared/seeds/000 (the conference of 25/10/2024).

Only Nguyễn Thị Anh Thi (Vice Chairwoman of the Da Nang People's Committee) is a real person, as
the seed names her; every other speaker and organisation is a clearly generic demo name.
"""

import datetime

from cms.enums import PartnerKind, SessionKind, SessionLanguage, SpeakerRole
from cms.models.agenda import LOCAL_TZ

THEMES = [
    # slug, vi, en, colour
    ("dich-vu-cong", "Dịch vụ công trực tuyến", "Online public services", "#0b4f9c"),
    ("do-thi-thong-minh", "Đô thị thông minh", "Smart cities", "#0f7a3d"),
    ("ha-tang-du-lieu-an-ninh", "Hạ tầng số, dữ liệu và an ninh mạng",
     "Digital infrastructure, data and cybersecurity", "#8a3ffc"),
    ("giao-duc-so", "Giáo dục số", "Digital education", "#c8102e"),
]

ROOMS = [
    # vi, en, floor vi, floor en, capacity, order
    ("Hội trường chính", "Main hall", "Tầng 1", "Ground floor", 800, 1),
    ("Phòng chuyên đề A", "Breakout room A", "Tầng 2", "First floor", 200, 2),
    ("Phòng chuyên đề B", "Breakout room B", "Tầng 2", "First floor", 200, 3),
]

# key, name, position vi/en, organisation vi/en, country, featured
SPEAKERS = [
    ("thi", "Nguyễn Thị Anh Thi", "Phó Chủ tịch", "Vice Chairwoman",
     "Ủy ban nhân dân TP. Đà Nẵng", "Da Nang City People's Committee", "VN", True),
    ("an", "Trần Văn An", "Giám đốc chuyển đổi số", "Chief digital officer",
     "Công ty Giải pháp Số Demo", "Demo Digital Solutions JSC", "VN", True),
    ("binh", "Lê Thị Bình", "Trưởng phòng Dịch vụ công", "Head of public services",
     "Sở Demo tỉnh Minh Họa", "Demo Department, Minh Hoa Province", "VN", False),
    ("chau", "Phạm Minh Châu", "Chuyên gia quy hoạch đô thị", "Urban planning expert",
     "Viện Nghiên cứu Đô thị Demo", "Demo Urban Research Institute", "VN", True),
    ("dung", "Hoàng Đức Dũng", "Giám đốc kỹ thuật", "Chief technology officer",
     "Công ty Hạ tầng Số Demo", "Demo Digital Infrastructure Co.", "VN", False),
    ("ha", "Võ Thị Hà", "Phó Hiệu trưởng", "Vice Rector",
     "Trường Đại học Demo", "Demo University", "VN", True),
    ("hung", "Đặng Quốc Hùng", "Chuyên gia an ninh mạng", "Cybersecurity expert",
     "Công ty An ninh Mạng Demo", "Demo Cybersecurity Ltd", "VN", False),
    ("lan", "Bùi Thanh Lan", "Trưởng khoa Công nghệ thông tin", "Dean of Information Technology",
     "Trường Đại học Kỹ thuật Demo", "Demo University of Technology", "VN", False),
    ("long", "Ngô Văn Long", "Giám đốc dữ liệu", "Chief data officer",
     "Trung tâm Dữ liệu Demo", "Demo Data Centre", "VN", False),
    ("mai", "Đỗ Thị Mai", "Nghiên cứu viên trí tuệ nhân tạo", "AI researcher",
     "Viện Trí tuệ Nhân tạo Demo", "Demo AI Institute", "VN", False),
    ("ngoc", "Phan Thị Ngọc", "Chuyên gia giáo dục hòa nhập", "Inclusive education expert",
     "Tổ chức Giáo dục Demo", "Demo Education Foundation", "VN", False),
    ("nam", "Vũ Hoàng Nam", "Giám đốc sản phẩm", "Head of product",
     "Công ty Hợp đồng Điện tử Demo", "Demo e-Contract Co.", "VN", False),
    ("quan", "Trương Minh Quân", "Giám đốc điều hành", "Chief executive",
     "Công ty Du lịch Thông minh Demo", "Demo Smart Tourism JSC", "VN", False),
    ("trang", "Lý Thu Trang", "Biên tập viên, người dẫn chương trình", "Editor and host",
     "Tạp chí Công nghệ Demo", "Demo Tech Magazine", "VN", False),
    ("tuan", "Mai Anh Tuấn", "Giám đốc Trung tâm Đổi mới sáng tạo", "Director of innovation",
     "Sở Demo TP. Minh Họa", "Demo Department, Minh Hoa City", "VN", False),
    ("khoa", "Đinh Văn Khoa", "Giảng viên cao cấp", "Senior lecturer",
     "Trường Đại học Sư phạm Demo", "Demo University of Education", "VN", False),
    ("emma", "Emma Clarke", "Trưởng nhóm thiết kế dịch vụ", "Service design lead",
     "Phòng thí nghiệm Dịch vụ công Demo (Vương quốc Anh)", "Demo Public Services Lab (UK)",
     "GB", True),
    ("james", "James Whitfield", "Nhà nghiên cứu chính phủ số", "Digital government researcher",
     "Viện Số Demo, London", "Demo Digital Institute, London", "GB", False),
    ("aisyah", "Nur Aisyah binti Rahman", "Giám đốc trải nghiệm người dân",
     "Director of citizen experience", "Cơ quan Số Demo (Malaysia)",
     "Demo Digital Agency (Malaysia)", "MY", True),
    ("wei", "Lim Wei Jie", "Chuyên gia tư vấn đô thị thông minh", "Smart city consultant",
     "Công ty Tư vấn Đô thị Thông minh Demo, Penang", "Demo Smart City Consultancy, Penang",
     "MY", False),
]

PARTNERS = [
    (PartnerKind.ORGANISER, "Sở Thông tin và Truyền thông TP. Đà Nẵng",
     "Da Nang Department of Information and Communications", 1),
    (PartnerKind.CO_ORGANISER, "Tập đoàn dữ liệu quốc tế IDG Việt Nam", "IDG Vietnam", 1),
    (PartnerKind.CO_ORGANISER, "Hội Truyền thông số Việt Nam (VDCA)",
     "Vietnam Digital Communications Association (VDCA)", 2),
    (PartnerKind.CO_ORGANISER, "Hội Vô tuyến điện tử Việt Nam (REV)",
     "Radio-Electronics Association of Vietnam (REV)", 3),
    (PartnerKind.CO_ORGANISER, "Hội Tin học Thành phố Hồ Chí Minh (HCA)",
     "Ho Chi Minh City Computer Association (HCA)", 4),
]

MAIN, ROOM_A, ROOM_B = "Hội trường chính", "Phòng chuyên đề A", "Phòng chuyên đề B"
K, T, P, C, B = (SessionKind.KEYNOTE, SessionKind.TALK, SessionKind.PANEL, SessionKind.CEREMONY,
                 SessionKind.BREAK)
S, M, PA = SpeakerRole.SPEAKER, SpeakerRole.MODERATOR, SpeakerRole.PANELIST

# start, end, room, kind, title vi, title en, themes, [(speaker key, role)], description vi, en
SESSIONS = [
    ("07:30", "08:30", None, B, "Đón tiếp đại biểu", "Registration and welcome", [], [], "", ""),
    ("08:30", "08:45", MAIN, C, "Khai mạc hội thảo", "Opening of the conference", [], [
        ("trang", M)], "", ""),
    ("08:45", "09:15", MAIN, K, "Đà Nẵng: từ chính quyền điện tử đến đô thị thông minh",
     "Da Nang: from e-government to a smart city", ["dich-vu-cong", "do-thi-thong-minh"],
     [("thi", S)],
     "Hành trình chuyển đổi số của Đà Nẵng: nền tảng chính quyền điện tử từ năm 2014, đề án "
     "thành phố thông minh năm 2018, Nghị quyết 136/2024/QH15 và mục tiêu kinh tế số chiếm "
     "35 - 40% GRDP.",
     "Da Nang's digital journey: its e-government platform since 2014, the smart city plan of "
     "2018, Resolution 136/2024/QH15 and the goal of a digital economy worth 35-40% of GRDP."),
    ("09:15", "09:40", MAIN, K,
     "Giải pháp nâng cao hiệu quả cung cấp và sử dụng dịch vụ công trực tuyến",
     "Making online public services better used and better delivered", ["dich-vu-cong"],
     [("an", S)], "", ""),
    ("09:40", "10:00", MAIN, T,
     "Khảo sát sự hài lòng và trải nghiệm của người dân đối với dịch vụ công: kinh nghiệm của "
     "Vương quốc Anh và Malaysia",
     "Citizen satisfaction and experience of public services: lessons from the United Kingdom "
     "and Malaysia", ["dich-vu-cong"], [("emma", S), ("aisyah", S)], "", ""),
    ("10:00", "10:20", None, B, "Giải lao", "Coffee break", [], [], "", ""),
    ("10:20", "11:20", MAIN, P,
     "Tọa đàm: Tầm quan trọng và hiệu quả của người lãnh đạo tiên phong trong chuyển đổi số",
     "Panel: Why pioneering leaders matter in digital transformation",
     ["dich-vu-cong"], [("trang", M), ("tuan", PA), ("binh", PA), ("james", PA), ("an", PA)],
     "", ""),
    ("11:20", "11:40", MAIN, T,
     "Kinh nghiệm xây dựng mô hình quản trị và vận hành dữ liệu quốc gia",
     "Building a model for governing and running national data",
     ["ha-tang-du-lieu-an-ninh"], [("long", S)], "", ""),
    ("11:40", "12:00", MAIN, T, "Nền tảng số cho AI", "Digital platforms for AI",
     ["ha-tang-du-lieu-an-ninh"], [("mai", S)], "", ""),
    ("12:00", "13:30", None, B, "Nghỉ trưa", "Lunch", [], [], "", ""),
    # Room A: smart cities, infrastructure and security
    ("13:30", "13:50", ROOM_A, T,
     "Chuyển đổi số trong quản lý quy hoạch và phát triển đô thị thông minh tại địa phương",
     "Digital transformation of local planning and smart city development",
     ["do-thi-thong-minh"], [("chau", S)], "", ""),
    ("13:50", "14:10", ROOM_A, T,
     "Thách thức và cơ hội trong quy hoạch đô thị thông minh tại các siêu đô thị",
     "Challenges and opportunities of smart city planning in megacities",
     ["do-thi-thong-minh"], [("wei", S)], "", ""),
    ("14:10", "14:30", ROOM_A, T,
     "Quản lý đô thị thông minh trong chiến lược đô thị hóa và phát triển đô thị",
     "Smart urban management in urbanisation and development strategies",
     ["do-thi-thong-minh"], [("tuan", S)], "", ""),
    ("14:30", "14:50", ROOM_A, T,
     "Khung kiến trúc trí tuệ nhân tạo hybrid hiệu chỉnh nhu cầu chuyến đi trong mạng lưới "
     "giao thông đô thị theo thời gian thực khi có gián đoạn",
     "A hybrid AI architecture that adjusts urban travel demand in real time during "
     "disruptions", ["do-thi-thong-minh"], [("mai", S)], "", ""),
    ("14:50", "15:10", ROOM_A, T,
     "Phát triển hệ sinh thái du lịch thông minh: những thách thức mới và giải pháp đồng bộ",
     "Growing a smart tourism ecosystem: new challenges and joined-up answers",
     ["do-thi-thong-minh"], [("quan", S)], "", ""),
    ("15:10", "15:30", None, B, "Giải lao", "Coffee break", [], [], "", ""),
    ("15:30", "15:50", ROOM_A, T, "Trục phát triển Hợp đồng điện tử Việt Nam",
     "Vietnam's e-contract backbone", ["ha-tang-du-lieu-an-ninh"], [("nam", S)], "", ""),
    ("15:50", "16:10", ROOM_A, T,
     "Quản trị rủi ro công nghệ và an ninh mạng trong chiến lược phát triển đô thị hiện đại",
     "Technology risk and cybersecurity in modern urban development",
     ["ha-tang-du-lieu-an-ninh", "do-thi-thong-minh"], [("hung", S)], "", ""),
    ("16:10", "16:30", ROOM_A, T,
     "Tăng cường an ninh và bảo mật trong trung tâm dữ liệu: chiến lược và giải pháp",
     "Stronger security in data centres: strategies and solutions",
     ["ha-tang-du-lieu-an-ninh"], [("dung", S)], "", ""),
    ("16:30", "16:50", ROOM_A, T, "Xây dựng hạ tầng số sẵn sàng cho chuyển đổi số",
     "Digital infrastructure ready for digital transformation",
     ["ha-tang-du-lieu-an-ninh"], [("dung", S), ("long", S)], "", ""),
    # Room B: public services and education
    ("13:30", "13:50", ROOM_B, T,
     "Nâng cao chất lượng cung cấp dịch vụ công trực tuyến cho người dân, doanh nghiệp dựa "
     "trên dữ liệu", "Data-driven online public services for citizens and businesses",
     ["dich-vu-cong"], [("binh", S)], "", ""),
    ("13:50", "14:30", ROOM_B, P,
     "Tọa đàm: Số hóa ngành giáo dục - khai thác dữ liệu và tạo dựng giá trị bền vững",
     "Panel: Digitising education - using data to build lasting value", ["giao-duc-so"],
     [("khoa", M), ("ha", PA), ("lan", PA), ("ngoc", PA), ("wei", PA)], "", ""),
    ("14:30", "14:50", ROOM_B, T, "Giáo dục hòa nhập trong xã hội số",
     "Inclusive education in a digital society", ["giao-duc-so"], [("ngoc", S)], "", ""),
    ("14:50", "15:10", ROOM_B, T,
     "Ứng dụng trí tuệ nhân tạo đẩy mạnh chuyển đổi số theo định hướng giáo dục thông minh",
     "Using AI to drive digital transformation towards smart education", ["giao-duc-so"],
     [("lan", S)], "", ""),
    ("15:30", "15:50", ROOM_B, T,
     "Hợp tác doanh nghiệp và trường đại học trong đào tạo nhân lực và triển khai dự án ứng "
     "dụng AI và chuyển đổi số",
     "Companies and universities together: training people and delivering AI projects",
     ["giao-duc-so"], [("an", S), ("ha", S)], "", ""),
    ("15:50", "16:10", ROOM_B, T, "Những điều cốt lõi trong chuyển đổi số giáo dục đại học",
     "What matters most in the digital transformation of universities", ["giao-duc-so"],
     [("ha", S)], "", ""),
    ("16:10", "16:30", ROOM_B, T,
     "Kinh nghiệm quốc tế về thiết kế dịch vụ công lấy người dân làm trung tâm",
     "International lessons in citizen-centred public service design", ["dich-vu-cong"],
     [("james", S)], "", ""),
    ("17:00", "18:00", MAIN, C, "Lễ tôn vinh Lãnh đạo chuyển đổi số tiêu biểu năm 2024",
     "Leading Digital Transformation Leaders 2024 awards ceremony", [], [("trang", M)],
     "Công bố và trao danh hiệu cho các lãnh đạo chuyển đổi số tiêu biểu năm 2024.",
     "The announcement and presentation of the Leading Digital Transformation Leaders 2024."),
]


def at(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LOCAL_TZ)


def load_programme(edition) -> None:
    from cms.models import Partner, Room, Session, SessionSpeaker, Speaker, Theme

    themes = {}
    for order, (slug, vi, en, colour) in enumerate(THEMES, start=1):
        themes[slug], _ = Theme.objects.update_or_create(
            edition=edition, slug=slug,
            defaults={"name": vi, "name_en": en, "colour": colour, "sort_order": order},
        )
    rooms = {}
    for vi, en, floor, floor_en, capacity, order in ROOMS:
        rooms[vi], _ = Room.objects.update_or_create(
            edition=edition, name=vi,
            defaults={"name_en": en, "floor": floor, "floor_en": floor_en,
                      "capacity": capacity, "sort_order": order},
        )
    speakers = {}
    for key, name, pos, pos_en, org, org_en, country, featured in SPEAKERS:
        speakers[key], _ = Speaker.objects.update_or_create(
            edition=edition, name=name,
            defaults={"position": pos, "position_en": pos_en, "organisation": org,
                      "organisation_en": org_en, "country": country, "featured": featured},
        )
    for kind, vi, en, order in PARTNERS:
        Partner.objects.update_or_create(
            edition=edition, name=vi, defaults={"kind": kind, "name_en": en, "sort_order": order}
        )

    day = edition.start_date
    for start, end, room, kind, title, title_en, theme_slugs, people, desc, desc_en in SESSIONS:
        wanted = {
            "start": at(day, start), "end": at(day, end),
            "room_id": rooms[room].pk if room else None, "kind": kind,
            "title_en": title_en, "description": desc, "description_en": desc_en,
            "language": SessionLanguage.BOTH if kind in (K, P) else SessionLanguage.VI,
        }
        wanted_themes = sorted(themes[s].pk for s in theme_slugs)
        theme_objects = [themes[s] for s in theme_slugs]
        wanted_people = [(speakers[key].pk, role) for key, role in people]
        session = Session.objects.filter(edition=edition, title=title).first()
        if session is not None:
            same = (
                all(getattr(session, field) == value for field, value in wanted.items())
                and sorted(session.themes.values_list("pk", flat=True)) == wanted_themes
                and [(link.speaker_id, link.role) for link in session.session_speakers.all()]
                == wanted_people
                and session.live and not session.has_unpublished_changes
            )
            if same:
                continue
        else:
            session = Session(edition=edition, title=title)
        for field, value in wanted.items():
            setattr(session, field, value)
        session.themes = theme_objects
        session.session_speakers = [
            SessionSpeaker(speaker_id=pk, role=role, sort_order=i)
            for i, (pk, role) in enumerate(wanted_people)
        ]
        session.save()
        session.save_revision().publish()
