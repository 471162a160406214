//! English templates of the sample corpus: titles and sentences per topic, paragraphs per type.
//!
//! Placeholders (see `Context::get`): `{country}`, `{adj}` (Kazakh, Central Asian), `{city}`,
//! `{person}`, `{surname}`, `{he}`/`{his}`/`{him}`, `{auth}` (the Kazakh authorities),
//! `{company}`, `{org}`, `{year}`, `{year0}`, `{n}` (a number of years in words), `{days}`,
//! `{interviews}`, `{topic}`. A capitalised name (`{He}`) capitalises the value.

use super::Bank;

/// One bank per topic, in the order of `super::TOPICS`.
pub(super) const TOPICS: [Bank; 7] = [
    // Human rights defenders.
    Bank {
        titles: &[
            "{country}: human rights defender {person} detained in {city}",
            "{country}: release {person} now",
            "Human rights defenders under pressure in {country}",
            "{country}: {person} sentenced to {n} years in prison",
            "Solidarity with {adj} human rights defenders",
            "“We will not be silenced”: {country}’s defenders speak out",
            "{country}: travel ban on {person} must be lifted",
        ],
        sentences: &[
            "Police in {city} detained {person}, a human rights defender who has documented abuses in {country} for more than a decade.",
            "{Person} was taken to a police station without being told the reason for {his} detention.",
            "Colleagues say {he} was questioned for several hours about {his} contacts with international organisations.",
            "{Auth} have accused {person} of “spreading false information”, a charge widely used against critics.",
            "The case against {surname} is the latest in a series of prosecutions of human rights defenders in {country}.",
            "Human rights defenders in {country} face surveillance, travel bans and smear campaigns in state media.",
            "Several defenders have been forced to leave the country in recent years.",
            "{Person} faces up to {n} years in prison if convicted.",
            "A human rights defender is anyone who peacefully acts to protect the rights of others.",
        ],
    },
    // Freedom of expression.
    Bank {
        titles: &[
            "{country}: blogger {person} fined over social media posts",
            "{country}: new law threatens freedom of expression online",
            "Blocked websites and jailed bloggers: free speech in {country}",
            "{country}: drop “extremism” charges against {person}",
            "Independent media under attack in {country}",
            "{country}: journalists’ sources are not state property",
        ],
        sentences: &[
            "A court in {city} fined {person} for posts that criticised local officials.",
            "The new law allows the authorities to block websites without a court decision.",
            "Journalists who cover corruption are routinely summoned for questioning.",
            "At least a dozen news websites have been blocked in {country} since {year0}.",
            "Freedom of expression is protected by the International Covenant on Civil and Political Rights.",
            "Bloggers report that police visit them at home after critical posts.",
            "Vague “extremism” laws are used to punish criticism of officials.",
        ],
    },
    // Torture.
    Bank {
        titles: &[
            "{country}: investigate allegations of torture in detention",
            "{country}: torture survivors still wait for justice",
            "No one held accountable for the torture of {person}",
            "Ill-treatment in {adj} prisons: new evidence",
            "{country}: end impunity for torture",
        ],
        sentences: &[
            "Former detainees told our researchers that they were beaten to force confessions.",
            "{Person} said {he} was tortured in a temporary detention facility in {city}.",
            "Medical examinations were carried out weeks later, when the injuries had already healed.",
            "Complaints of torture are rarely investigated, and officers are almost never prosecuted.",
            "The UN Committee against Torture has repeatedly raised these concerns with {auth}.",
            "The prohibition of torture and ill-treatment is absolute and allows no exceptions.",
        ],
    },
    // Fair trial.
    Bank {
        titles: &[
            "{country}: the trial of {person} falls short of international standards",
            "{country}: closed hearings and coerced confessions",
            "Trial monitoring in {country}: findings from {year}",
            "Appeal court upholds verdict against {person}",
            "{country}: lawyers disbarred for defending their clients",
        ],
        sentences: &[
            "Our monitors attended several hearings in the case and observed serious violations of the right to a fair trial.",
            "The defence was not allowed to call its witnesses, and the judge rejected every motion.",
            "The court relied on a confession that {person} says was obtained under pressure.",
            "Relatives and journalists were not allowed into the courtroom.",
            "Everyone has the right to a fair and public hearing by an independent and impartial tribunal.",
            "{Person} was sentenced to {n} years in prison after a trial that lasted less than a week.",
        ],
    },
    // Civil society.
    Bank {
        titles: &[
            "{country}: new rules on foreign funding threaten NGOs",
            "Civil society in {country}: a shrinking space",
            "{org} marks the anniversary of the Helsinki Final Act",
            "{country}: NGO forced to close after a tax inspection",
            "Helsinki Committees call for solidarity with {adj} activists",
            "{country}: “foreign agent” label stigmatises civil society",
        ],
        sentences: &[
            "The amendments require organisations that receive money from abroad to register as “foreign agents”.",
            "Several groups have already suspended their work rather than accept the label.",
            "The Helsinki movement has inspired human rights groups across the region since the 1970s.",
            "Civil society organisations provide legal aid, monitor prisons and document abuses that officials ignore.",
            "Activists in {city} say they are followed and their phones are tapped.",
            "{Person}, who heads a local human rights group, said the organisation would keep working.",
        ],
    },
    // Elections.
    Bank {
        titles: &[
            "{country}: elections held amid a crackdown on dissent",
            "Observers report pressure on voters in {country}",
            "{country}: protesters detained after the vote",
            "Before the {year} elections: what is at stake in {country}",
        ],
        sentences: &[
            "Independent candidates were refused registration on technical grounds.",
            "Observers reported ballot stuffing and pressure on public sector employees to vote.",
            "After the results were announced, police in {city} detained dozens of peaceful protesters.",
            "Many were sentenced to {days} days of administrative detention.",
            "The OSCE observation mission concluded that voters were not offered a genuine choice.",
            "Elections without real competition cannot be called free.",
        ],
    },
    // Business and human rights.
    Bank {
        titles: &[
            "Civil society asks {company} to review its business in {country}",
            "{country}: forced labour concerns in the cotton sector",
            "{company}’s reply to our letter on {country}",
            "Business and human rights: due diligence in {country}",
        ],
        sentences: &[
            "In a letter to {company}, we asked how the company assesses the human rights risks of its operations in {country}.",
            "Companies have a responsibility to respect human rights wherever they operate, as the UN Guiding Principles on Business and Human Rights set out.",
            "Workers interviewed for this report described unpaid overtime and threats of dismissal.",
            "{Company} said it was reviewing the concerns raised.",
            "Investors are asking whether continued business in {country} is compatible with the company’s own human rights policy.",
        ],
    },
];

/// Paragraph sentences per type, in the order of `super::TYPES`.
pub(super) const TYPES: [&[&str]; 4] = [
    // News.
    &[
        "{Org} will continue to follow the case closely.",
        "We will publish updates as the situation develops.",
        "Our partners in {city} are monitoring the situation.",
    ],
    // Statement.
    &[
        "We call on {auth} to release everyone detained for peaceful activity and to respect their international human rights obligations.",
        "The undersigned organisations urge {auth} to end the harassment of civil society and to let human rights defenders work without fear of reprisals.",
        "We also call on the European Union and the OSCE to raise these concerns at every meeting with {auth}.",
    ],
    // Report.
    &[
        "This report is based on {interviews} interviews conducted between {year0} and {year} with victims, lawyers and relatives.",
        "The report documents patterns of abuse rather than isolated cases and sets out recommendations for {auth} and for international partners.",
        "Its findings were shared with {auth} before publication; no reply had been received at the time of writing.",
    ],
    // Analysis.
    &[
        "This analysis looks at how the situation in {country} has changed since {year0}.",
        "We compare official statements with what defenders, lawyers and journalists see on the ground.",
        "The picture that emerges is one of gradual but steady tightening of control.",
    ],
];

/// Closing sentences, one of which may end an article.
pub(super) const CLOSINGS: &[&str] = &[
    "{Org} works with human rights defenders across Eastern Europe and Central Asia.",
    "For more information, please contact our press office.",
    "Read more about our work on {topic}.",
];

/// Title decorations per type when the title has no colon (`{}` is the title).
pub(super) const DECORATIONS: [&str; 4] = ["{}", "Statement: {}", "Report: {}", "Analysis: {}"];

/// Suffix sometimes added to statements' titles.
pub(super) const JOINT: &str = " – joint statement";

/// The organisation publishing the site.
pub(super) const ORG: &str = "Civic Solidarity Watch";
