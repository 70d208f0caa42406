#include "proxy/connectors/sandbox/demo_data.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <random>
#include <set>

namespace gd::demo {

const std::vector<std::string>& numbers_without_whatsapp() {
    // Landlines and numbers never registered: adding them is what gets a connected number banned.
    static const std::vector<std::string> numbers = {
        "+74957775533", "+78123334455", "+79160000404", "+79031112200", "+79855550101",
    };
    return numbers;
}

const std::vector<std::string>& numbers_blocking_group_adds() {
    static const std::vector<std::string> numbers = {"+79267770011", "+79057770022"};
    return numbers;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Index
//   Random: a fixed-seed generator whose output is the same on every platform
//   People: a pool of Russian names with +7 mobile numbers
//   WhatsApp: the account, numbers, groups and their participants
//   CRM: users, seats, contacts with phones in many formats, deals, leads, companies, tasks
//   User administration: roles, the integration's user, accounts elsewhere, records to hand over
// ---------------------------------------------------------------------------------------------

// std::mt19937's sequence is fixed by the standard; std::uniform_int_distribution's is not, so
// ranges are taken with a plain modulo (the bias is irrelevant for demo data).
struct Random {
    explicit Random(uint32_t seed = 20240601) : engine(seed) {}
    std::mt19937 engine;
    int below(int n) { return (int)(engine() % (uint32_t)n); }
    bool chance(int percent) { return below(100) < percent; }
    template <class T>
    const T& pick(const std::vector<T>& v) { return v[(size_t)below((int)v.size())]; }
};

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

const std::vector<std::string> kMaleFirst = {
    "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил",
    "Никита", "Иван", "Евгений", "Павел", "Роман", "Владимир", "Олег", "Николай", "Игорь", "Денис"};
const std::vector<std::string> kFemaleFirst = {
    "Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Екатерина", "Светлана", "Юлия",
    "Анастасия", "Дарья", "Марина", "Ксения", "Виктория", "Полина"};
// Every one ends in -ов/-ев/-ёв/-ин: the feminine form adds "а".
const std::vector<std::string> kLast = {
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
    "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
    "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
    "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов",
    "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин",
    "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов",
    "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов",
    "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов",
    "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
    "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Быков", "Маслов",
    "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов", "Голубев", "Прохоров", "Наумов",
    "Потапов", "Журавлёв", "Трофимов", "Леонов", "Соболев", "Ермаков", "Колесников", "Гончаров"};
const std::vector<std::string> kMobileCodes = {
    "903", "905", "906", "909", "910", "912", "915", "916", "917", "919", "921", "922", "925", "926",
    "929", "936", "950", "951", "952", "953", "960", "961", "962", "963", "964", "965", "977", "978",
    "980", "981", "985", "987", "988", "999"};

struct Person {
    std::string first, last, phone;   // phone in E.164
    std::string profile_name;         // what WhatsApp shows; some people set none
};

// The first kCrmPeople people are the CRM's contacts; groups draw their crowds from the rest.
constexpr int kCrmPeople = 18;
constexpr int kPoolSize = 1600;

std::vector<Person> make_people(Random& rnd) {
    std::set<std::string> taken = {kOurNumber};
    for (const auto& n : numbers_without_whatsapp()) taken.insert(n);
    for (const auto& n : numbers_blocking_group_adds()) taken.insert(n);

    std::vector<Person> people;
    while ((int)people.size() < kPoolSize) {
        Person p;
        bool female = rnd.chance(45);
        p.first = female ? rnd.pick(kFemaleFirst) : rnd.pick(kMaleFirst);
        p.last = rnd.pick(kLast) + (female ? "а" : "");
        p.phone = "+7" + rnd.pick(kMobileCodes);
        for (int i = 0; i < 7; ++i) p.phone += (char)('0' + rnd.below(10));
        if (!taken.insert(p.phone).second) continue;
        int style = rnd.below(100);
        p.profile_name = style < 12 ? "" : style < 30 ? p.first : p.first + " " + p.last;
        people.push_back(p);
    }
    return people;
}

// "+79161234567" as people type it into a CRM card.
std::string as_typed(const std::string& e164, int style) {
    std::string d = e164.substr(2);   // 10 digits after +7
    std::string code = d.substr(0, 3), a = d.substr(3, 3), b = d.substr(6, 2), c = d.substr(8, 2);
    switch (style % 7) {
    case 0: return "8 (" + code + ") " + a + "-" + b + "-" + c;
    case 1: return "+7 " + code + " " + a + b + c;
    case 2: return "+7 (" + code + ") " + a + "-" + b + "-" + c;
    case 3: return "8" + d;
    case 4: return "7-" + code + "-" + a + "-" + b + "-" + c;
    case 5: return e164;
    default: return code + " " + a + " " + b + " " + c;   // no country code: the default region's
    }
}

// ---------------------------------------------------------------------------------------------
// WhatsApp
// ---------------------------------------------------------------------------------------------

std::string invite_code(Random& rnd) {
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string code;
    for (int i = 0; i < 22; ++i) code += alphabet[rnd.below(62)];
    return code;
}

struct GroupPlan {
    const char* id;
    const char* name;
    int size;                        // participants, our number included
    const char* our_role;
    std::vector<int> crm_people;     // which CRM contacts are in it (indexes into the pool)
};

const std::vector<GroupPlan> kGroups = {
    {kMoscowClientsGroup, "Клиенты — Москва", 48, "admin", {0, 1, 2, 3, 4, 5}},
    {"120363041234567802@g.us", "Оптовики Урал", 134, "owner", {6, 7, 8, 9}},
    {"120363041234567803@g.us", "VIP поддержка", 12, "owner", {0, 1, 2}},
    {kBigGroup, "Дилеры — вся Россия", kBigGroupSize, "admin", {10, 11}},
    {kNotAdminGroup, "Новости компании", 310, "member", {3, 12}},
    {"120363041234567806@g.us", "Склад и логистика", 23, "admin", {}},
    {"120363041234567807@g.us", "Партнёры Казань", 67, "member", {13}},
    {kOldStyleGroup, "Семинар 14 марта", 9, "owner", {14, 15}},
};

void seed_whatsapp(Database& db, Random& rnd, const std::vector<Person>& people) {
    db.run("INSERT INTO wa_account (id, phone, status) VALUES (1, ?1, 'connected')", kOurNumber);

    Statement number = db.prepare(
        "INSERT INTO wa_numbers (phone, profile_name, has_whatsapp, blocks_group_adds) VALUES (?1, ?2, ?3, ?4)");
    auto add_number = [&](const std::string& phone, const std::string& name, bool has, bool blocks) {
        number.bind(1, phone).bind(2, name).bind(3, has).bind(4, blocks).run();
        number.reset();
    };
    add_number(kOurNumber, "GroupDesk", true, false);
    for (const Person& p : people) add_number(p.phone, p.profile_name, true, false);
    for (const auto& n : numbers_without_whatsapp()) add_number(n, "", false, false);
    add_number(numbers_blocking_group_adds()[0], "Виктор Лосев", true, true);
    add_number(numbers_blocking_group_adds()[1], "Алина", true, true);

    Statement participant = db.prepare("INSERT INTO wa_participants (group_id, phone, role) VALUES (?1, ?2, ?3)");
    auto join = [&](const char* group, const std::string& phone, const char* role) {
        participant.bind(1, group).bind(2, phone).bind(3, role).run();
        participant.reset();
    };

    int position = 0;
    for (const GroupPlan& g : kGroups) {
        db.run("INSERT INTO wa_groups (id, name, invite_code, position) VALUES (?1, ?2, ?3, ?4)", g.id, g.name,
               invite_code(rnd), ++position);

        // The crowd: CRM people named in the plan, then strangers from the rest of the pool.
        std::vector<int> members = g.crm_people;
        std::vector<int> strangers;
        for (int i = kCrmPeople; i < kPoolSize; ++i) strangers.push_back(i);
        for (size_t i = strangers.size() - 1; i > 0; --i) std::swap(strangers[i], strangers[(size_t)rnd.below((int)i + 1)]);
        for (size_t i = 0; (int)members.size() < g.size - 1; ++i) members.push_back(strangers[i]);

        // Someone owns every group; when it is not us, it is the first of the crowd. A few admins.
        bool we_own = std::string(g.our_role) == "owner";
        join(g.id, kOurNumber, g.our_role);
        int admins = 1 + rnd.below(3);
        for (size_t i = 0; i < members.size(); ++i) {
            const char* role = (!we_own && i == 0) ? "owner" : (int)i <= admins ? "admin" : "member";
            join(g.id, people[(size_t)members[i]].phone, role);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CRM
// ---------------------------------------------------------------------------------------------

void seed_crm(Database& db, Random& rnd, const std::vector<Person>& people) {
    // Group ids in the order users first named them: a data file from before groups were rows
    // got the same ids when it was migrated.
    const char* groups[][2] = {{"1", "Руководство"}, {"2", "Отдел продаж"}, {"3", "Поддержка"}, {"4", "Технические"}};
    for (const auto& g : groups) db.run("INSERT INTO crm_groups (id, name) VALUES (?1, ?2)", g[0], g[1]);
    struct User { const char* id; const char* name; const char* email; bool active, admin; const char* group_id; };
    const User users[] = {
        {kAdminUserId, "Анна Кузнецова", "a.kuznetsova@example.com", true, true, "1"},
        {"2", "Сергей Волков", "s.volkov@example.com", true, false, "2"},
        {"3", "Ольга Никитина", "o.nikitina@example.com", true, false, "2"},
        {kLeaverUserId, "Дмитрий Орлов", "d.orlov@example.com", true, false, "2"},
        {kInactiveUserId, "Марина Соколова", "m.sokolova@example.com", false, false, "3"},
        {"6", "Интеграции (технический)", "robot@example.com", true, false, "4"},
    };
    for (const User& u : users)
        db.run("INSERT INTO crm_users (id, name, email, active, is_admin, group_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
               u.id, u.name, u.email, u.active, u.admin, u.group_id);
    db.run("INSERT INTO crm_seats (id, paid, technical) VALUES (1, ?1, ?2)", kPaidSeats, kTechnicalSeats);

    // Contacts: the CRM people, then people without WhatsApp or who block group adds.
    struct Contact { std::string name; std::vector<std::string> phones; };
    std::vector<Contact> contacts;
    for (int i = 0; i < kCrmPeople; ++i) {
        const Person& p = people[(size_t)i];
        Contact c{p.first + " " + p.last, {as_typed(p.phone, i)}};
        if (i % 5 == 2) c.phones.push_back(as_typed(people[(size_t)(kCrmPeople + i)].phone, i + 3));   // a second phone
        contacts.push_back(c);
    }
    const auto& none = numbers_without_whatsapp();
    contacts.push_back({"Офис ООО «Вектор»", {as_typed(none[0], 0)}});
    contacts.push_back({"Склад Петербург", {as_typed(none[1], 2)}});
    contacts.push_back({"Геннадий Рябов", {as_typed(none[2], 1)}});
    contacts.push_back({"Людмила Власова", {as_typed(none[3], 6), as_typed(people[40].phone, 3)}});
    contacts.push_back({"Виктор Лосев", {as_typed(numbers_blocking_group_adds()[0], 4)}});
    contacts.push_back({"Алина Шарипова", {as_typed(numbers_blocking_group_adds()[1], 0)}});

    const char* owners[] = {"2", "3", kLeaverUserId};
    for (size_t i = 0; i < contacts.size(); ++i) {
        std::string id = std::to_string(301 + i);
        db.run("INSERT INTO crm_contacts (id, name, responsible_user_id) VALUES (?1, ?2, ?3)", id, contacts[i].name,
               owners[i % 3]);
        for (size_t k = 0; k < contacts[i].phones.size(); ++k)
            db.run("INSERT INTO crm_contact_phones (contact_id, position, phone) VALUES (?1, ?2, ?3)", id, (int)k,
                   contacts[i].phones[k]);
    }
    auto contact_id = [](int index) { return std::to_string(301 + index); };

    struct Entity { const char* kind; const char* id; const char* title; const char* owner; std::vector<int> contacts; };
    const Entity entities[] = {
        {"deal", "101", "Поставка оборудования ООО «Вектор»", "2", {0, 1, 6, 18, 22}},
        {"deal", "102", "Оптовая партия — Екатеринбург", "3", {6, 7, 8, 9}},
        {"deal", "103", "Продление подписки, ИП Смирнов", kLeaverUserId, {2}},
        {"deal", "104", "Монтаж вентиляции, ТЦ «Галерея»", kLeaverUserId, {10, 11, 19, 23}},
        {"deal", "105", "Корпоративное обучение «Альфа-Строй»", "2", {12, 13, 14, 15}},
        {"deal", "106", "Дилерский договор — Новосибирск", "3", {16, 17, 20}},
        {"lead", "201", "Заявка с сайта: кондиционеры в офис", "2", {3}},
        {"lead", "202", "Звонок: запрос оптового прайса", kLeaverUserId, {4, 21}},
        {"lead", "203", "Выставка «Иннопром»: визитка", "3", {5}},
        {"lead", "204", "Заявка из WhatsApp: доставка в Казань", kLeaverUserId, {13, 16}},
    };
    for (const Entity& e : entities) {
        db.run("INSERT INTO crm_entities (kind, id, title, responsible_user_id) VALUES (?1, ?2, ?3, ?4)", e.kind, e.id,
               e.title, e.owner);
        for (size_t k = 0; k < e.contacts.size(); ++k)
            db.run("INSERT INTO crm_entity_contacts (kind, entity_id, contact_id, position) VALUES (?1, ?2, ?3, ?4)",
                   e.kind, e.id, contact_id(e.contacts[k]), (int)k);
    }

    const char* companies[] = {"ООО «Вектор»", "ТЦ «Галерея»", "АО «Альфа-Строй»", "ИП Смирнов А. В.", "ООО «Уралснаб»"};
    for (size_t i = 0; i < std::size(companies); ++i)
        db.run("INSERT INTO crm_companies (id, name, responsible_user_id) VALUES (?1, ?2, ?3)",
               std::to_string(501 + i), companies[i], owners[(i + 2) % 3]);

    const char* tasks[] = {"Перезвонить по счёту", "Отправить договор", "Согласовать скидку",
                           "Уточнить адрес доставки", "Подготовить КП", "Напомнить об оплате",
                           "Назначить демонстрацию"};
    for (size_t i = 0; i < std::size(tasks); ++i)
        db.run("INSERT INTO crm_tasks (id, title, responsible_user_id) VALUES (?1, ?2, ?3)", std::to_string(701 + i),
               tasks[i], owners[(size_t)rnd.below(3)]);
}

// The demo pipeline: a deal entering «Переговоры» has its contacts added to the Moscow clients'
// group (the invite link goes to whom WhatsApp will not let us add); a lost deal's contacts leave
// it. Deal 101 waits in «Новая» with people of every kind: members, newcomers, one without
// WhatsApp, one whose privacy blocks adds.
void seed_pipeline(Database& db) {
    if (db.scalar("SELECT count(*) FROM crm_stages", 0) > 0) return;
    const char* stages[][2] = {{"new", "Новая"}, {"talks", "Переговоры"}, {"contract", "Договор"},
                               {"won", "Успешно"}, {"lost", "Провалена"}};
    for (size_t i = 0; i < std::size(stages); ++i)
        db.run("INSERT INTO crm_stages (id, name, position) VALUES (?1, ?2, ?3)", stages[i][0], stages[i][1], (int)i);
    const char* deal_stages[][2] = {{"101", "new"}, {"102", "talks"}, {"103", "contract"},
                                    {"104", "new"}, {"105", "new"}, {"106", "won"}};
    for (const auto& d : deal_stages)
        db.run("UPDATE crm_entities SET stage_id = ?2 WHERE kind = 'deal' AND id = ?1", d[0], d[1]);
    if (db.scalar("SELECT count(*) FROM wa_groups WHERE id = ?1", 0, kMoscowClientsGroup) == 0) return;
    db.run("INSERT INTO crm_stage_robots (stage_id, group_id, action, invite_on_failure) VALUES ('talks', ?1, 'add', 1)",
           kMoscowClientsGroup);
    db.run("INSERT INTO crm_stage_robots (stage_id, group_id, action, invite_on_failure) VALUES ('lost', ?1, 'remove', 0)",
           kMoscowClientsGroup);
}

// ---------------------------------------------------------------------------------------------
// User administration
// ---------------------------------------------------------------------------------------------

// What each demo user is responsible for once seeded, the hand-made cards above included.
struct UserRecords {
    const char* user_id;
    int lead, deal, contact, company, task;
    int of(RecordKind kind) const {
        switch (kind) {
        case RecordKind::lead: return lead;
        case RecordKind::deal: return deal;
        case RecordKind::contact: return contact;
        case RecordKind::company: return company;
        case RecordKind::task: return task;
        }
        return 0;
    }
};
const UserRecords kUserRecords[] = {
    {kAdminUserId, 40, 60, 80, 30, 90},
    {"2", 120, 180, 200, 60, 140},
    {"3", 100, 160, 180, 50, 110},
    {kLeaverUserId, 600, 900, 700, 300, 500},
    {kInactiveUserId, 30, 50, 60, 20, 40},   // she left without a handover: her records wait
};

const std::vector<std::string> kCompanyNames = {
    "Альтаир", "Меридиан", "Северный ветер", "Гранит", "Эталон", "Прогресс", "Сфера", "Техноторг",
    "Стройресурс", "Балтика", "Орион", "Восток", "Кедр", "Полюс", "Аврора", "Спектр", "Енисей", "Вершина",
    "Лидер", "Горизонт", "Магистраль", "Созвездие", "Фрегат", "Байкал"};
const std::vector<std::string> kProducts = {
    "Кондиционеры", "Серверная стойка", "Офисная мебель", "Видеонаблюдение", "Ремонт кровли",
    "Складские стеллажи", "Электромонтаж", "Обслуживание лифтов", "Локальная сеть", "Уборка помещений",
    "Пожарная сигнализация", "Спецодежда", "Корпоративная связь", "Освещение цеха"};
const std::vector<std::string> kLeadSources = {"Звонок", "Письмо", "Сайт", "Чат WhatsApp", "Рекомендация", "Выставка"};
const std::vector<std::string> kTaskVerbs = {"Перезвонить", "Отправить КП", "Согласовать договор", "Выставить счёт",
                                             "Напомнить об оплате", "Назначить встречу", "Уточнить реквизиты"};

std::string company_name(Random& rnd) {
    switch (rnd.below(3)) {
    case 0: return "ООО «" + rnd.pick(kCompanyNames) + "»";
    case 1: return "АО «" + rnd.pick(kCompanyNames) + "»";
    default: return "ИП " + rnd.pick(kLast);
    }
}

// The CRM's records a handover moves, written straight into the data file: contacts (each with a
// phone), companies, deals and leads (each with one of the owner's contacts) and tasks, up to each
// user's plan. The generated deals are from earlier years: their stage is outside the demo pipeline.
void seed_records(Database& db) {
    Random rnd(20261130);
    auto next_id = [&](const char* table) {
        return std::max<int64_t>(1000, db.scalar(std::string("SELECT max(CAST(id AS INTEGER)) FROM ") + table, 0)) + 1;
    };
    int64_t entity_id = next_id("crm_entities"), contact_id = next_id("crm_contacts");
    int64_t company_id = next_id("crm_companies"), task_id = next_id("crm_tasks");

    Statement owned_entities = db.prepare("SELECT count(*) FROM crm_entities WHERE responsible_user_id = ?1 AND kind = ?2");
    auto owned = [&](const char* table, const std::string& user_id) {
        return (int)db.scalar(std::string("SELECT count(*) FROM ") + table + " WHERE responsible_user_id = ?1", 0, user_id);
    };
    Statement contact = db.prepare("INSERT INTO crm_contacts (id, name, responsible_user_id) VALUES (?1, ?2, ?3)");
    Statement phone = db.prepare("INSERT INTO crm_contact_phones (contact_id, position, phone) VALUES (?1, 0, ?2)");
    Statement company = db.prepare("INSERT INTO crm_companies (id, name, responsible_user_id) VALUES (?1, ?2, ?3)");
    Statement entity = db.prepare(
        "INSERT INTO crm_entities (kind, id, title, responsible_user_id, stage_id) VALUES (?1, ?2, ?3, ?4, ?5)");
    Statement link = db.prepare(
        "INSERT INTO crm_entity_contacts (kind, entity_id, contact_id, position) VALUES (?1, ?2, ?3, 0)");
    Statement task = db.prepare("INSERT INTO crm_tasks (id, title, responsible_user_id) VALUES (?1, ?2, ?3)");

    for (const UserRecords& plan : kUserRecords) {
        const std::string user = plan.user_id;
        if (db.scalar("SELECT count(*) FROM crm_users WHERE id = ?1", 0, user) == 0) continue;

        std::vector<std::string> their_contacts;
        for (int n = owned("crm_contacts", user); n < plan.contact; ++n) {
            const std::string id = std::to_string(contact_id++);
            bool female = rnd.chance(45);
            std::string name = (female ? rnd.pick(kFemaleFirst) : rnd.pick(kMaleFirst)) + " " + rnd.pick(kLast) +
                               (female ? "а" : "");
            std::string e164 = "+7" + rnd.pick(kMobileCodes);
            for (int i = 0; i < 7; ++i) e164 += (char)('0' + rnd.below(10));
            contact.bind(1, id).bind(2, name).bind(3, user).run();
            contact.reset();
            phone.bind(1, id).bind(2, as_typed(e164, rnd.below(7))).run();
            phone.reset();
            their_contacts.push_back(id);
        }
        for (int n = owned("crm_companies", user); n < plan.company; ++n) {
            company.bind(1, std::to_string(company_id++)).bind(2, company_name(rnd)).bind(3, user).run();
            company.reset();
        }
        for (const char* kind : {"deal", "lead"}) {
            const bool deal = std::string(kind) == "deal";
            owned_entities.bind(1, user).bind(2, kind);
            int n = owned_entities.step() ? (int)owned_entities.integer(0) : 0;
            owned_entities.reset();
            for (; n < (deal ? plan.deal : plan.lead); ++n) {
                const std::string id = std::to_string(entity_id++);
                std::string title = deal ? rnd.pick(kProducts) + " — " + company_name(rnd)
                                         : rnd.pick(kLeadSources) + ": " + rnd.pick(kProducts);
                entity.bind(1, kind).bind(2, id).bind(3, title).bind(4, user).bind(5, deal ? "archive" : "new").run();
                entity.reset();
                if (their_contacts.empty()) continue;
                link.bind(1, kind).bind(2, id).bind(3, rnd.pick(their_contacts)).run();
                link.reset();
            }
        }
        for (int n = owned("crm_tasks", user); n < plan.task; ++n) {
            task.bind(1, std::to_string(task_id++)).bind(2, rnd.pick(kTaskVerbs) + " — " + company_name(rnd)).bind(3, user).run();
            task.reset();
        }
    }
}

// Roles, the integration's own user, an e-mail with an account elsewhere, and the records a
// handover moves. A sandbox from before user administration gets them once (its groups came
// from the migration).
void seed_user_administration(Database& db) {
    if (db.scalar("SELECT count(*) FROM crm_roles", 0) > 0) return;
    const char* roles[][2] = {{"1", "Менеджер"}, {"2", "Старший менеджер"}, {"3", "Только просмотр"}};
    for (const auto& r : roles) db.run("INSERT INTO crm_roles (id, name) VALUES (?1, ?2)", r[0], r[1]);
    // An administrator has every right: no role.
    const char* user_roles[][2] = {{"2", "2"}, {"3", "1"}, {kLeaverUserId, "1"}, {kInactiveUserId, "1"}, {"6", "3"}};
    for (const auto& ur : user_roles) db.run("UPDATE crm_users SET role_id = ?2 WHERE id = ?1 AND role_id = ''", ur[0], ur[1]);
    db.run("UPDATE crm_users SET is_integration = (id = ?1)", kAdminUserId);
    db.run("INSERT OR IGNORE INTO crm_outside_accounts (email, name) VALUES (?1, ?2)", kOutsideAccountEmail,
           kOutsideAccountName);
    seed_records(db);
}

} // namespace

int seeded_records(const std::string& user_id, RecordKind kind) {
    for (const UserRecords& plan : kUserRecords)
        if (user_id == plan.user_id) return plan.of(kind);
    return 0;
}

bool seed_if_empty(Database& db) {
    Transaction tx(db);
    if (db.scalar("SELECT count(*) FROM wa_account", 0) > 0) {
        // A sandbox from before the pipeline or user administration existed gets them once.
        seed_pipeline(db);
        seed_user_administration(db);
        tx.commit();
        return false;
    }
    Random rnd;
    std::vector<Person> people = make_people(rnd);
    seed_whatsapp(db, rnd, people);
    seed_crm(db, rnd, people);
    seed_pipeline(db);
    seed_user_administration(db);
    tx.commit();
    return true;
}

} // namespace gd::demo
