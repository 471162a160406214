//! Word banks of the sample corpus: countries with their Russian case forms, cities, people, companies.
//!
//! People other than Evgeniy Zhovtis and Azimjan Askarov are invented. Latin spellings follow
//! each country's own alphabet where it has diacritics (Gülnara Ataýewa, Bahrom Xoʻjayev), so
//! that diacritic folding is exercised.

use super::{Country, Person};

/// Countries in the order of `super::COUNTRIES`; Russian forms are nominative, genitive and
/// locative with its preposition; the authorities in nominative and dative.
pub(super) static COUNTRY_DATA: [Country; 9] = [
    Country {
        en: "Russia",
        adj: "Russian",
        auth: "the Russian authorities",
        ru: ["Россия", "России", "в России"],
        ru_auth: ["власти России", "властям России"],
        cities: &[
            ("Moscow", "в Москве"),
            ("St Petersburg", "в Санкт-Петербурге"),
            ("Kazan", "в Казани"),
        ],
        weight: 3,
    },
    Country {
        en: "Kazakhstan",
        adj: "Kazakh",
        auth: "the Kazakh authorities",
        ru: ["Казахстан", "Казахстана", "в Казахстане"],
        ru_auth: ["власти Казахстана", "властям Казахстана"],
        cities: &[("Almaty", "в Алматы"), ("Astana", "в Астане"), ("Oral", "в Уральске")],
        weight: 2,
    },
    Country {
        en: "Kyrgyzstan",
        adj: "Kyrgyz",
        auth: "the Kyrgyz authorities",
        ru: ["Кыргызстан", "Кыргызстана", "в Кыргызстане"],
        ru_auth: ["власти Кыргызстана", "властям Кыргызстана"],
        cities: &[("Bishkek", "в Бишкеке"), ("Osh", "в Оше"), ("Jalal-Abad", "в Джалал-Абаде")],
        weight: 2,
    },
    Country {
        en: "Belarus",
        adj: "Belarusian",
        auth: "the Belarusian authorities",
        ru: ["Беларусь", "Беларуси", "в Беларуси"],
        ru_auth: ["власти Беларуси", "властям Беларуси"],
        cities: &[("Minsk", "в Минске"), ("Hrodna", "в Гродно"), ("Homiel", "в Гомеле")],
        weight: 2,
    },
    Country {
        en: "Turkmenistan",
        adj: "Turkmen",
        auth: "the Turkmen authorities",
        ru: ["Туркменистан", "Туркменистана", "в Туркменистане"],
        ru_auth: ["власти Туркменистана", "властям Туркменистана"],
        cities: &[
            ("Ashgabat", "в Ашхабаде"),
            ("Türkmenabat", "в Туркменабате"),
            ("Daşoguz", "в Дашогузе"),
        ],
        weight: 1,
    },
    Country {
        en: "Ukraine",
        adj: "Ukrainian",
        auth: "the Ukrainian authorities",
        ru: ["Украина", "Украины", "в Украине"],
        ru_auth: ["власти Украины", "властям Украины"],
        cities: &[("Kyiv", "в Киеве"), ("Kharkiv", "в Харькове"), ("Odesa", "в Одессе")],
        weight: 2,
    },
    Country {
        en: "Uzbekistan",
        adj: "Uzbek",
        auth: "the Uzbek authorities",
        ru: ["Узбекистан", "Узбекистана", "в Узбекистане"],
        ru_auth: ["власти Узбекистана", "властям Узбекистана"],
        cities: &[("Tashkent", "в Ташкенте"), ("Nukus", "в Нукусе"), ("Andijan", "в Андижане")],
        weight: 2,
    },
    Country {
        en: "Tajikistan",
        adj: "Tajik",
        auth: "the Tajik authorities",
        ru: ["Таджикистан", "Таджикистана", "в Таджикистане"],
        ru_auth: ["власти Таджикистана", "властям Таджикистана"],
        cities: &[("Dushanbe", "в Душанбе"), ("Khujand", "в Худжанде"), ("Khorog", "в Хороге")],
        weight: 1,
    },
    // The region: its articles take a person and a city from one of its countries.
    Country {
        en: "Central Asia",
        adj: "Central Asian",
        auth: "governments in Central Asia",
        ru: ["Центральная Азия", "Центральной Азии", "в Центральной Азии"],
        ru_auth: ["власти стран Центральной Азии", "властям стран Центральной Азии"],
        cities: &[],
        weight: 2,
    },
];

/// People, with Russian forms in nominative, genitive, dative, accusative and instrumental.
// One person per line reads best as a table.
#[rustfmt::skip]
pub(super) static PEOPLE: [Person; 19] = [
    person("Sergei Volkov", "Volkov", ["Сергей Волков", "Сергея Волкова", "Сергею Волкову", "Сергея Волкова", "Сергеем Волковым"], false, 0),
    person("Natalia Orlova", "Orlova", ["Наталья Орлова", "Натальи Орловой", "Наталье Орловой", "Наталью Орлову", "Натальей Орловой"], true, 0),
    person("Yuri Semyonov", "Semyonov", ["Юрий Семёнов", "Юрия Семёнова", "Юрию Семёнову", "Юрия Семёнова", "Юрием Семёновым"], false, 0),
    person("Evgeniy Zhovtis", "Zhovtis", ["Евгений Жовтис", "Евгения Жовтиса", "Евгению Жовтису", "Евгения Жовтиса", "Евгением Жовтисом"], false, 1),
    person("Bauyrzhan Seitkali", "Seitkali", ["Бауыржан Сейткали", "Бауыржана Сейткали", "Бауыржану Сейткали", "Бауыржана Сейткали", "Бауыржаном Сейткали"], false, 1),
    person("Dina Sultanova", "Sultanova", ["Дина Султанова", "Дины Султановой", "Дине Султановой", "Дину Султанову", "Диной Султановой"], true, 1),
    person("Azimjan Askarov", "Askarov", ["Азимжан Аскаров", "Азимжана Аскарова", "Азимжану Аскарову", "Азимжана Аскарова", "Азимжаном Аскаровым"], false, 2),
    person("Ruslan Tokhtarov", "Tokhtarov", ["Руслан Тохтаров", "Руслана Тохтарова", "Руслану Тохтарову", "Руслана Тохтарова", "Русланом Тохтаровым"], false, 2),
    person("Aiperi Sadykova", "Sadykova", ["Айпери Садыкова", "Айпери Садыковой", "Айпери Садыковой", "Айпери Садыкову", "Айпери Садыковой"], true, 2),
    person("Alena Kavaliova", "Kavaliova", ["Алёна Ковалёва", "Алёны Ковалёвой", "Алёне Ковалёвой", "Алёну Ковалёву", "Алёной Ковалёвой"], true, 3),
    person("Ihar Lebedzeu", "Lebedzeu", ["Игорь Лебедев", "Игоря Лебедева", "Игорю Лебедеву", "Игоря Лебедева", "Игорем Лебедевым"], false, 3),
    person("Gülnara Ataýewa", "Ataýewa", ["Гульнара Атаева", "Гульнары Атаевой", "Гульнаре Атаевой", "Гульнару Атаеву", "Гульнарой Атаевой"], true, 4),
    person("Myrat Öwezow", "Öwezow", ["Мурат Овезов", "Мурата Овезова", "Мурату Овезову", "Мурата Овезова", "Муратом Овезовым"], false, 4),
    person("Oleksandra Hrytsenko", "Hrytsenko", ["Александра Гриценко", "Александры Гриценко", "Александре Гриценко", "Александру Гриценко", "Александрой Гриценко"], true, 5),
    person("Mykola Shevchuk", "Shevchuk", ["Николай Шевчук", "Николая Шевчука", "Николаю Шевчуку", "Николая Шевчука", "Николаем Шевчуком"], false, 5),
    person("Bahrom Xoʻjayev", "Xoʻjayev", ["Бахром Ходжаев", "Бахрома Ходжаева", "Бахрому Ходжаеву", "Бахрома Ходжаева", "Бахромом Ходжаевым"], false, 6),
    person("Nodira Qodirova", "Qodirova", ["Нодира Кадырова", "Нодиры Кадыровой", "Нодире Кадыровой", "Нодиру Кадырову", "Нодирой Кадыровой"], true, 6),
    person("Parviz Rahimov", "Rahimov", ["Парвиз Рахимов", "Парвиза Рахимова", "Парвизу Рахимову", "Парвиза Рахимова", "Парвизом Рахимовым"], false, 7),
    person("Zarina Nazarova", "Nazarova", ["Зарина Назарова", "Зарины Назаровой", "Зарине Назаровой", "Зарину Назарову", "Зариной Назаровой"], true, 7),
];

const fn person(
    en: &'static str,
    surname: &'static str,
    ru: [&'static str; 5],
    female: bool,
    country: usize,
) -> Person {
    Person { en, surname, ru, female, country }
}

/// Companies named in business and human rights articles (all but the first are invented).
pub(super) const COMPANIES: [&str; 5] = [
    "Mondelēz International",
    "Nordcaspian Oil",
    "Steppe Textiles",
    "Altyn Cotton Group",
    "Baltic Freight Lines",
];

/// Russian names of `super::TOPICS`, for links in Russian text.
pub(super) const TOPICS_RU: [&str; 7] = [
    "правозащитники",
    "свобода выражения мнений",
    "пытки",
    "справедливый суд",
    "гражданское общество",
    "выборы",
    "бизнес и права человека",
];
