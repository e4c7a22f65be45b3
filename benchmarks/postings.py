"""Synthetic but realistic job postings for the latency benchmark, deterministic by seed.

``generate(n, seed)`` gives ``n`` job postings (plus, unless told not to, one
company-wide FAQ) across many roles — back end, front end, data, devops,
QA, product, design, sales, support, nursing, warehouse, finance, HR,
marketing, teaching, electrician, chef, driver — at many companies,
locations and seniorities. Each posting has an overview paragraph, label
lines (location, salary, hours ...), responsibilities, qualifications,
skills, benefits, how to apply and an FAQ of 3–6 questions: about 25–40
passages. Sentences are drawn from per-role vocabularies with slots filled
at random (tools, products, teams, clients, numbers), and every company,
product and client has a made-up name, so the vocabulary keeps growing
with the corpus as a real one does rather than repeating one posting.

``questions(postings, seed)`` gives the rotating candidate questions the
benchmark asks: short, sloppy, misspelt, follow-ups, small talk, asking for
a person, and out of scope; for one posting and careers-wide.

    .venv/bin/python benchmarks/postings.py 3       # print three postings
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass

from assistant.dialogue import Turn
from assistant.model import Block, Posting

# --- names: made-up words so the vocabulary grows with the corpus ----------

_ONSETS = "b br c ch cl d dr f fl g gr h j k kr l m n p pr qu r s st sh t tr v w z".split()
_VOWELS = "a e i o u ai ea io ou y".split()
_CODAS = ["", "", "", "n", "r", "l", "s", "x", "th", "nd", "rk", "st", "m", "v", "ck"]
_COMPANY_SUFFIXES = ["Labs", "Logistics", "Health", "Systems", "Foods", "Energy", "Retail", "Bank", "Media",
                     "Software", "Group", "Analytics", "Care", "Robotics", "Insurance", "Mobility", "Games",
                     "Pharma", "Capital", "Manufacturing", "Hospitality", "Telecom", "Studios", "Networks"]
_FIRST_NAMES = ("Priya Tom Ana Lukas Mei Omar Sofia Jonas Aisha Daniel Elena Kwame Hannah Raj Chloe Mateo Yuki "
                "Fatima Liam Noor Ines Pavel Grace Arjun Zoe Marta Felix Leila Sam Ruth").split()
_LAST_NAMES = ("Shah Becker Silva Novak Chen Haddad Rossi Jansen Okafor Murphy Ivanova Mensah Schmidt Patel "
               "Dubois Garcia Tanaka Khan Walsh Aziz Costa Horvat Kelly Rao Meyer Nowak Lindqvist Mbeki").split()
LOCATIONS = [
    ("London", "UK", "£"), ("Manchester", "UK", "£"), ("Leeds", "UK", "£"), ("Bristol", "UK", "£"),
    ("Glasgow", "UK", "£"), ("Birmingham", "UK", "£"), ("Dublin", "Ireland", "€"), ("Cork", "Ireland", "€"),
    ("Berlin", "Germany", "€"), ("Munich", "Germany", "€"), ("Hamburg", "Germany", "€"),
    ("Amsterdam", "Netherlands", "€"), ("Rotterdam", "Netherlands", "€"), ("Utrecht", "Netherlands", "€"),
    ("Paris", "France", "€"), ("Lyon", "France", "€"), ("Madrid", "Spain", "€"), ("Barcelona", "Spain", "€"),
    ("Lisbon", "Portugal", "€"), ("Porto", "Portugal", "€"), ("Milan", "Italy", "€"), ("Vienna", "Austria", "€"),
    ("Warsaw", "Poland", "€"), ("Krakow", "Poland", "€"), ("Prague", "Czechia", "€"), ("Stockholm", "Sweden", "€"),
    ("Copenhagen", "Denmark", "€"), ("Oslo", "Norway", "€"), ("Helsinki", "Finland", "€"), ("Zurich", "Switzerland", "€"),
    ("New York", "USA", "$"), ("Austin", "USA", "$"), ("Chicago", "USA", "$"), ("Seattle", "USA", "$"),
    ("Denver", "USA", "$"), ("Boston", "USA", "$"), ("Atlanta", "USA", "$"), ("Toronto", "Canada", "$"),
    ("Vancouver", "Canada", "$"), ("Montreal", "Canada", "$"), ("Sydney", "Australia", "$"),
    ("Melbourne", "Australia", "$"), ("Auckland", "New Zealand", "$"), ("Singapore", "Singapore", "$"),
]
WORK_MODES = ["on-site", "hybrid", "remote", "hybrid", "on-site"]
EMPLOYMENT_TYPES = ["Full-time", "Full-time", "Full-time", "Part-time", "Contract", "Temporary", "Full-time"]


# --- roles: per-role vocabularies -----------------------------------------

@dataclass(frozen=True)
class Role:
    key: str
    titles: tuple[str, ...]
    salary: tuple[int, int]  # yearly, in thousands, mid-level, before currency and seniority
    duties: tuple[str, ...]  # sentences with {slots}
    quals: tuple[str, ...]
    skills: tuple[str, ...]
    nice: tuple[str, ...]
    faq: tuple[tuple[str, str], ...]  # role-specific (question, answer)
    shifts: bool = False  # hourly, shift work
    teams: tuple[str, ...] = ("platform", "core", "growth", "operations")
    seniorities: tuple[str, ...] = ("Junior", "", "Senior", "Lead", "Staff")


def _t(*items: str) -> tuple[str, ...]:
    return tuple(items)


ROLES: tuple[Role, ...] = (
    Role(
        "backend", _t("Back End Developer", "Backend Engineer", "Software Engineer, Backend", "Python Developer",
                      "Java Developer", "Go Engineer", "API Engineer"),
        (55, 80),
        _t("Design, build and run the {product} APIs that {client} and our mobile apps depend on.",
           "Own services written in {tool} from design review to production on-call.",
           "Model data in {db} and keep queries fast as traffic grows {growth}.",
           "Write automated tests and review pull requests from the {team} team.",
           "Break the {product} monolith into services with clear contracts.",
           "Improve observability with metrics, traces and structured logs.",
           "Work with product managers to scope features for the {product} roadmap.",
           "Profile and optimise hot paths so p95 latency stays under {latency} ms.",
           "Integrate payment, search and messaging providers behind stable interfaces.",
           "Mentor junior developers and run knowledge-sharing sessions.",
           "Take part in a light on-call rotation, about one week in {oncall}.",
           "Migrate batch jobs to event-driven pipelines on {queue}."),
        _t("{years}+ years of professional experience building web back ends.",
           "Strong command of {tool} and its ecosystem.",
           "Experience with relational databases such as {db}, including schema design and indexing.",
           "Comfortable with REST and event-driven architectures.",
           "A degree in Computer Science or equivalent practical experience.",
           "Experience deploying to {cloud} with Docker and CI/CD.",
           "Good written English; our team works across {n_countries} countries."),
        _t("Python", "Django", "FastAPI", "Java", "Spring Boot", "Go", "Node.js", "PostgreSQL", "MySQL", "Redis",
           "Kafka", "RabbitMQ", "Docker", "Kubernetes", "AWS", "GCP", "gRPC", "GraphQL", "Git", "Terraform",
           "Elasticsearch", "Celery", "Kotlin", "Rust"),
        _t("Experience with {queue} or other message brokers.", "Contributions to open-source projects.",
           "Knowledge of domain-driven design.", "Experience in fintech or payments."),
        (("Which languages does the back end use?", "Most services are written in {tool}; a few older ones use {tool2}."),
         ("Is there on-call?", "Yes, a light rotation of about one week in {oncall}, paid at {oncall_pay} per week on call."),
         ("Can I work remotely?", "The role is {mode}; we meet in {city} {office_days}.")),
        teams=_t("platform", "payments", "core", "integrations", "search")),
    Role(
        "frontend", _t("Front End Developer", "Frontend Engineer", "React Developer", "UI Engineer",
                       "JavaScript Developer"),
        (50, 75),
        _t("Build accessible, responsive interfaces for the {product} web app in {tool}.",
           "Turn designs from the {team} designers into reusable components.",
           "Keep the design system documented in Storybook and used consistently.",
           "Improve Core Web Vitals so pages load in under {latency} ms on mid-range phones.",
           "Write unit and end-to-end tests with Jest and Playwright.",
           "Work with back-end engineers on API contracts for {client}.",
           "Run A/B tests with the growth team and report what we learn.",
           "Make the {product} checkout meet WCAG 2.1 AA."),
        _t("{years}+ years building production web front ends.",
           "Deep knowledge of JavaScript, TypeScript, HTML and CSS.",
           "Experience with {tool} and state management.",
           "An eye for detail and empathy for users with disabilities.",
           "A portfolio or GitHub profile showing your work."),
        _t("JavaScript", "TypeScript", "React", "Vue.js", "Angular", "Next.js", "Svelte", "HTML", "CSS", "Sass",
           "Tailwind", "Webpack", "Vite", "Jest", "Playwright", "Cypress", "Storybook", "GraphQL", "Figma"),
        _t("Experience with React Native.", "Knowledge of web performance tooling.", "Interest in motion design."),
        (("Which framework do you use?", "We build with {tool} and TypeScript; older screens still use {tool2}."),
         ("Do I need a design background?", "No, but you will work closely with designers every day."))),
    Role(
        "data", _t("Data Engineer", "Data Analyst", "Data Scientist", "Analytics Engineer",
                   "Machine Learning Engineer", "BI Developer"),
        (55, 85),
        _t("Build and maintain pipelines that load {product} events into the warehouse on {cloud}.",
           "Model data in dbt so analysts can answer questions without help.",
           "Create dashboards in {bi} for the {team} leadership.",
           "Design experiments and analyse their results with the product teams.",
           "Train and monitor models that forecast demand for {client}.",
           "Own data quality checks and alerting for {n_tables} core tables.",
           "Document datasets and teach colleagues to use SQL well.",
           "Work with legal to keep personal data handling GDPR compliant."),
        _t("{years}+ years working with data in a commercial setting.",
           "Excellent SQL and solid Python.",
           "Experience with a cloud warehouse such as Snowflake, BigQuery or Redshift.",
           "A degree in statistics, mathematics, computer science or a related field.",
           "The ability to explain findings clearly to non-technical people."),
        _t("SQL", "Python", "pandas", "dbt", "Airflow", "Spark", "Snowflake", "BigQuery", "Redshift", "Looker",
           "Tableau", "Power BI", "scikit-learn", "PyTorch", "Kafka", "statistics", "A/B testing", "R"),
        _t("Experience with streaming data.", "A master's degree or PhD in a quantitative field.",
           "Knowledge of causal inference."),
        (("What does the data stack look like?", "We use {bi}, dbt and Airflow on {cloud}, with Python for modelling."),
         ("Is this more engineering or analysis?", "About {share}% engineering and the rest analysis with stakeholders.")),
        teams=_t("analytics", "data platform", "pricing", "marketing analytics")),
    Role(
        "devops", _t("DevOps Engineer", "Site Reliability Engineer", "Platform Engineer", "Cloud Engineer",
                     "Infrastructure Engineer"),
        (60, 90),
        _t("Run our Kubernetes clusters on {cloud} and keep them patched and cost-efficient.",
           "Manage infrastructure as code with Terraform and review changes from other teams.",
           "Build CI/CD pipelines that take a commit to production in under {minutes} minutes.",
           "Define SLOs with service owners and lead blameless post-mortems.",
           "Harden our network and secrets management with the security team.",
           "Automate toil and write runbooks for the {team} on-call.",
           "Plan capacity for {product} peak season."),
        _t("{years}+ years running production systems on {cloud}.",
           "Hands-on Kubernetes and Terraform experience.",
           "Scripting in Bash and Python or Go.",
           "Understanding of Linux, networking and DNS.",
           "Calm under pressure during incidents."),
        _t("Kubernetes", "Terraform", "AWS", "GCP", "Azure", "Helm", "Argo CD", "GitHub Actions", "Jenkins",
           "Prometheus", "Grafana", "Linux", "Bash", "Python", "Go", "Ansible", "Vault", "Istio", "Datadog"),
        _t("A CKA or cloud certification.", "Experience with FinOps.", "Knowledge of eBPF."),
        (("Which cloud do you run on?", "Mostly {cloud}, with a small footprint in a second provider for backups."),
         ("How often is on-call?", "One week in {oncall}, with a day off after a busy night.")),
        teams=_t("platform", "infrastructure", "reliability", "developer experience")),
    Role(
        "qa", _t("QA Engineer", "Test Automation Engineer", "Software Tester", "Quality Engineer",
                 "SDET"),
        (42, 65),
        _t("Write automated tests for the {product} web and mobile apps.",
           "Plan exploratory testing sessions before each release.",
           "Maintain the regression suite in {tool} and keep it under {minutes} minutes.",
           "Report bugs clearly and follow them up with developers.",
           "Help teams shift testing left with contract and unit tests.",
           "Test integrations with {client} in the staging environment."),
        _t("{years}+ years in software testing.", "Experience with {tool} or a similar framework.",
           "Understanding of test design techniques.", "ISTQB certification is a plus."),
        _t("Selenium", "Cypress", "Playwright", "Appium", "Postman", "JMeter", "k6", "Java", "Python",
           "TypeScript", "Jira", "TestRail", "SQL", "Git"),
        _t("Experience with performance testing.", "Knowledge of accessibility testing."),
        (("Is this manual or automated testing?", "About {share}% automation; the rest is exploratory testing."),)),
    Role(
        "product", _t("Product Manager", "Product Owner", "Technical Product Manager", "Group Product Manager"),
        (65, 95),
        _t("Own the roadmap for {product} and explain the why behind it.",
           "Talk to customers such as {client} every week.",
           "Write clear problem statements and acceptance criteria.",
           "Work with design and engineering to ship in small increments.",
           "Define success metrics and track them after launch.",
           "Present progress to the leadership team each quarter."),
        _t("{years}+ years of product management experience.", "A track record of shipping products people use.",
           "Comfort with data; you can write basic SQL.", "Excellent written and spoken communication."),
        _t("roadmapping", "discovery", "user research", "SQL", "Jira", "Amplitude", "Mixpanel", "OKRs",
           "stakeholder management", "prioritisation", "A/B testing"),
        _t("A technical background.", "Experience in B2B SaaS."),
        (("Who does the product manager report to?", "To {person}, our Head of Product."),)),
    Role(
        "design", _t("Product Designer", "UX Designer", "UI Designer", "UX Researcher", "Graphic Designer"),
        (45, 75),
        _t("Design end-to-end flows for {product}, from sketches to high-fidelity prototypes.",
           "Run usability tests with customers and share insights.",
           "Contribute to and maintain our design system in Figma.",
           "Work with engineers to make sure designs ship as intended.",
           "Create illustrations and marketing assets for {client} campaigns."),
        _t("{years}+ years of product or UX design experience.", "A portfolio that shows your process.",
           "Strong skills in Figma.", "Knowledge of accessibility guidelines."),
        _t("Figma", "Sketch", "Adobe Illustrator", "Photoshop", "prototyping", "user research", "wireframing",
           "design systems", "accessibility", "motion design"),
        _t("Experience with front-end code.", "Illustration skills."),
        (("Do I need to send a portfolio?", "Yes, please include a link to your portfolio with your application."),)),
    Role(
        "sales", _t("Account Executive", "Sales Development Representative", "Sales Manager",
                    "Business Development Manager", "Key Account Manager"),
        (35, 60),
        _t("Prospect and close new business with companies like {client}.",
           "Run discovery calls and product demos of {product}.",
           "Manage your pipeline in Salesforce and forecast accurately.",
           "Hit a quarterly quota of {quota} in new annual revenue.",
           "Work with customer success to grow existing accounts.",
           "Attend trade fairs in {city} and across the region."),
        _t("{years}+ years in B2B sales.", "A record of meeting or exceeding quota.",
           "Excellent negotiation and presentation skills.", "A full driving licence."),
        _t("Salesforce", "HubSpot", "cold calling", "negotiation", "LinkedIn Sales Navigator", "forecasting",
           "account planning", "presentations", "CRM"),
        _t("Fluency in German or French.", "Experience selling SaaS."),
        (("Is there commission?", "Yes, on-target earnings are {ote}, with commission paid quarterly and uncapped."),
         ("Do I need a car?", "A company car is provided; you need a full driving licence.")),
        teams=_t("enterprise", "mid-market", "new business"), seniorities=("Junior", "", "Senior", "Regional")),
    Role(
        "support", _t("Customer Support Agent", "Customer Success Manager", "Technical Support Engineer",
                      "Service Desk Analyst", "Call Centre Advisor"),
        (26, 40),
        _t("Answer customer questions about {product} by email, chat and phone.",
           "Solve problems on the first contact wherever you can.",
           "Escalate bugs to engineering with clear reproduction steps.",
           "Write and update help-centre articles.",
           "Keep customer satisfaction above {csat}%.",
           "Onboard new customers such as {client}."),
        _t("{years}+ years in a customer-facing role.", "Clear, friendly written English.",
           "Patience and a genuine wish to help.", "Comfortable with computers and learning new tools."),
        _t("Zendesk", "Intercom", "Freshdesk", "customer service", "troubleshooting", "CRM", "Excel",
           "active listening", "ticketing"),
        _t("A second language.", "Experience supporting software products."),
        (("What are the support hours?", "Shifts cover {start}:00 to {end}:00 on weekdays; you work one weekend day in {weekend_rota}."),),
        shifts=True, teams=_t("customer care", "technical support", "onboarding")),
    Role(
        "nursing", _t("Registered Nurse", "Staff Nurse", "Theatre Nurse", "Community Nurse", "Nurse Practitioner",
                      "Healthcare Assistant", "Midwife"),
        (30, 45),
        _t("Deliver safe, compassionate care to patients on the {ward} ward at {hospital}.",
           "Assess, plan and evaluate care with patients and their families.",
           "Administer medication and keep accurate records in {ehr}.",
           "Support and supervise healthcare assistants and student nurses.",
           "Take part in the ward's quality improvement projects.",
           "Work a mix of day and night shifts, including weekends.",
           "Follow infection prevention and control procedures."),
        _t("Registration with the {regulator}.", "{years}+ years of post-registration experience.",
           "Up-to-date Basic Life Support training.", "Excellent communication with patients and colleagues.",
           "A nursing degree or diploma."),
        _t("patient care", "medication administration", "wound care", "Basic Life Support", "IV therapy",
           "care planning", "record keeping", "infection control", "phlebotomy", "triage"),
        _t("Experience in acute care.", "A mentorship qualification."),
        (("What shifts will I work?", "Mostly 12-hour shifts, {shift_pattern}, with nights about one week in {night_rota}."),
         ("Is there support for further training?", "Yes, we fund courses up to {training_budget} a year and give study leave."),
         ("Do you sponsor visas for nurses?", "Yes, we sponsor work visas for registered nurses and help with registration.")),
        shifts=True, teams=_t("surgical", "medical", "paediatric", "emergency"),
        seniorities=("", "Senior", "Band 5", "Band 6", "Charge")),
    Role(
        "warehouse", _t("Warehouse Operative", "Forklift Driver", "Picker Packer", "Warehouse Team Leader",
                        "Inventory Controller", "Logistics Coordinator"),
        (22, 32),
        _t("Pick, pack and dispatch orders accurately using handheld scanners.",
           "Load and unload trucks at the {city} distribution centre.",
           "Operate forklifts and reach trucks safely.",
           "Keep the warehouse clean, tidy and safe.",
           "Count stock and report discrepancies to the {team} team.",
           "Meet pick rates of about {pick_rate} items per hour."),
        _t("Experience in a warehouse is welcome but not required.", "A valid forklift licence (for driver roles).",
           "Able to lift up to {lift_kg} kg and stand for long periods.", "Reliable and punctual."),
        _t("picking", "packing", "forklift", "reach truck", "stock control", "health and safety", "RF scanners",
           "WMS", "loading", "teamwork"),
        _t("Counterbalance licence.", "Experience with SAP."),
        (("What are the shift times?", "Days {start}:00 to {end}:00 or nights {night_start}:00 to {night_end}:00, four on four off."),
         ("Is there overtime?", "Yes, overtime is often available and paid at time and a half."),
         ("Do I need my own safety boots?", "No, we provide boots, a high-visibility vest and gloves.")),
        shifts=True, teams=_t("inbound", "outbound", "returns"), seniorities=("", "", "Senior", "Night")),
    Role(
        "finance", _t("Accountant", "Financial Analyst", "Finance Manager", "Payroll Specialist", "Accounts Payable Clerk",
                      "FP&A Analyst", "Controller"),
        (40, 70),
        _t("Prepare monthly management accounts and variance analysis.",
           "Own the month-end close for {n_entities} legal entities.",
           "Build financial models for the {product} business plan.",
           "Reconcile bank accounts and the balance sheet.",
           "Work with auditors during the year-end audit.",
           "Improve finance processes and automate reporting in {erp}."),
        _t("A professional accounting qualification (ACCA, CIMA, CPA) or working towards one.",
           "{years}+ years in finance.", "Advanced Excel.", "Experience with {erp}."),
        _t("Excel", "SAP", "Oracle NetSuite", "Xero", "IFRS", "GAAP", "financial modelling", "reconciliation",
           "budgeting", "forecasting", "Power BI", "VAT"),
        _t("Experience in a fast-growing company.", "Knowledge of transfer pricing."),
        (("Will you pay for my accountancy exams?", "Yes, we pay for ACCA or CIMA exams and give study days."),)),
    Role(
        "hr", _t("HR Business Partner", "Recruiter", "Talent Acquisition Specialist", "People Operations Manager",
                 "HR Coordinator"),
        (38, 60),
        _t("Partner with managers on hiring, performance and development.",
           "Run end-to-end recruitment for {n_roles} open roles a quarter.",
           "Handle employee relations cases fairly and confidentially.",
           "Keep HR data accurate in {hris}.",
           "Design onboarding that makes new starters productive in their first month."),
        _t("{years}+ years in HR or recruitment.", "Knowledge of employment law.", "CIPD qualification is a plus."),
        _t("recruitment", "employee relations", "onboarding", "Workday", "BambooHR", "employment law",
           "interviewing", "LinkedIn Recruiter", "HRIS"),
        _t("Experience in tech hiring.",),
        ()),
    Role(
        "marketing", _t("Marketing Manager", "Content Marketer", "SEO Specialist", "Performance Marketing Manager",
                        "Social Media Manager", "Brand Manager"),
        (40, 65),
        _t("Plan and run campaigns that grow {product} sign-ups.",
           "Manage a paid media budget of {budget} a month.",
           "Write blog posts, newsletters and case studies with {client}.",
           "Improve our organic search ranking with the web team.",
           "Report on campaign performance every week."),
        _t("{years}+ years in marketing.", "Excellent writing.", "Experience with Google Ads and analytics."),
        _t("SEO", "Google Ads", "Google Analytics", "HubSpot", "copywriting", "content strategy", "social media",
           "email marketing", "Canva", "Meta Ads"),
        _t("Video editing skills.",),
        ()),
    Role(
        "teaching", _t("Primary School Teacher", "Maths Teacher", "English Teacher", "Teaching Assistant",
                       "Science Teacher"),
        (28, 42),
        _t("Plan and deliver engaging lessons for Year {year_group} pupils at {school}.",
           "Assess pupils' progress and give useful feedback.",
           "Support pupils with special educational needs.",
           "Communicate with parents and carers.",
           "Take part in school trips and after-school clubs."),
        _t("Qualified Teacher Status or equivalent.", "An enhanced DBS check.", "Experience teaching Key Stage {key_stage}."),
        _t("lesson planning", "classroom management", "safeguarding", "assessment", "SEN support", "phonics",
           "differentiation"),
        _t("Experience leading a subject.",),
        (("Is this a permanent contract?", "It is a permanent post starting in September."),),
        shifts=False, teams=_t("early years", "key stage 1", "key stage 2"), seniorities=("", "", "Lead", "Newly Qualified")),
    Role(
        "electrician", _t("Electrician", "Maintenance Technician", "Electrical Engineer", "HVAC Technician"),
        (32, 50),
        _t("Install, test and maintain electrical systems at {client} sites.",
           "Carry out planned and reactive maintenance.",
           "Fault-find on control panels and PLCs.",
           "Complete job sheets and safety paperwork accurately."),
        _t("A recognised electrical qualification.", "{years}+ years of hands-on experience.", "A full driving licence."),
        _t("electrical installation", "fault finding", "PLC", "testing and inspection", "18th Edition",
           "HVAC", "health and safety", "wiring"),
        _t("Experience with building management systems.",),
        (("Is a van provided?", "Yes, a fully equipped van and fuel card are provided."),),
        shifts=True, teams=_t("maintenance", "field service"), seniorities=("", "Senior", "Apprentice", "Multi-skilled")),
    Role(
        "chef", _t("Chef de Partie", "Sous Chef", "Commis Chef", "Head Chef", "Kitchen Porter"),
        (24, 38),
        _t("Prepare dishes to a high standard at {restaurant}.",
           "Run your section during busy services of up to {covers} covers.",
           "Keep the kitchen clean and follow food hygiene rules.",
           "Help develop seasonal menus with the head chef."),
        _t("Experience in a busy kitchen.", "A food hygiene certificate.", "Passion for fresh ingredients."),
        _t("food preparation", "food hygiene", "menu planning", "knife skills", "stock rotation", "pastry"),
        _t("Fine dining experience.",),
        (("Are tips shared?", "Yes, tips are shared equally across the kitchen and front of house."),
         ("Are meals provided?", "Yes, a staff meal is provided on every shift.")),
        shifts=True, teams=_t("kitchen",), seniorities=("", "", "Senior")),
    Role(
        "driver", _t("Delivery Driver", "HGV Driver", "Van Driver", "Courier"),
        (25, 38),
        _t("Deliver parcels to homes and businesses around {city}.",
           "Check your vehicle before each shift.",
           "Plan routes with the driver app and keep customers updated.",
           "Handle returns and collect signatures."),
        _t("A full driving licence held for at least {licence_years} years.", "A clean driving record.",
           "Good knowledge of the local area."),
        _t("driving", "route planning", "customer service", "manual handling", "vehicle checks", "CPC"),
        _t("A Category C licence.",),
        (("Do I need my own van?", "No, we provide a van and fuel."),),
        shifts=True, teams=_t("last mile", "trunking"), seniorities=("", "", "Multi-drop")),
)

_BENEFITS = (
    "{holidays} days of paid holiday plus public holidays.",
    "Private health insurance for you and your family.",
    "A pension with {pension}% employer contribution.",
    "A yearly learning budget of {learning}.",
    "Flexible working hours around core hours of 10:00 to 16:00.",
    "An annual bonus of up to {bonus}% of salary.",
    "Share options in a growing company.",
    "A cycle-to-work scheme and subsidised public transport.",
    "Enhanced parental leave of {parental} weeks at full pay.",
    "Free lunch in the office on {lunch_days}.",
    "A home-office allowance of {allowance}.",
    "Employee discount of {discount}% on our products.",
    "An employee assistance programme and mental health support.",
    "Gym membership discount.",
    "Paid volunteering days.",
    "Relocation support for candidates moving to {city}.",
)
_COMPANY_FAQ = (
    ("What is the interview process?", "A {call_minutes}-minute call with a recruiter, a {task} and a final interview with the team. Most candidates hear back within {days} days."),
    ("Do you sponsor visas?", "{visa}"),
    ("Can I apply for more than one role?", "Yes, but we suggest you pick the two that match your experience best."),
    ("When would I start?", "We can usually start you within {notice} weeks of an offer, and we respect notice periods."),
    ("Is the salary negotiable?", "The range in the posting is what we budget; where you land depends on experience."),
    ("Do you offer part-time work?", "{part_time}"),
    ("How do I apply?", "Use the apply button on this page and attach your CV. A cover letter is optional."),
    ("Is relocation support available?", "{relocation}"),
    ("Do I need a degree?", "{degree}"),
)
_INTROS = (
    "{company} is a {size}-person {industry} company based in {city}.",
    "At {company} we build {industry} products used by {users} people every day.",
    "{company} has been helping {industry} customers since {founded}.",
    "Founded in {founded}, {company} employs {size} people across {n_countries} countries.",
)
_ROLE_PITCH = (
    "As a {title} in the {team} team, you will work on {product} with people who care about doing things well.",
    "We are looking for a {title} to join our {team} team and help {product} grow {growth}.",
    "This {title} role is part of the {team} team in {city}, working closely with {person}.",
    "You will join a team of {team_size} and report to {person}, our {manager_title}.",
)
# Clauses a duty bullet may end with, and openings a requirement may take: the same duty reads
# differently from posting to posting, as real ones do.
_DUTY_CLAUSES = (" with the {team} team", " across our {city} sites", " for customers in {country}",
                 " as part of a team of {team_size}", " from your first month", " alongside {person}",
                 " within the first {months} months", " for the {product} launch")
_QUAL_OPENINGS = ("Ideally, ", "You bring ", "We expect ", "Essential: ", "Desirable: ")
_INDUSTRIES = ("logistics", "healthcare", "fintech", "retail", "energy", "education", "travel", "insurance",
               "food delivery", "media", "manufacturing", "public sector", "telecom", "gaming")


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables))


def _name(rng: random.Random, syllables: tuple[int, int] = (2, 2)) -> str:
    return _word(rng, rng.randint(*syllables)).capitalize()


@dataclass
class _Company:
    name: str
    domain: str
    industry: str
    founded: int
    size: int
    products: list[str]
    clients: list[str]
    about: str


def _companies(rng: random.Random, count: int) -> list[_Company]:
    out = []
    seen: set[str] = set()
    while len(out) < count:
        base = _name(rng)
        if base in seen:
            continue
        seen.add(base)
        name = f"{base} {rng.choice(_COMPANY_SUFFIXES)}"
        industry = rng.choice(_INDUSTRIES)
        company = _Company(name, base.lower() + ".example", industry, rng.randint(1950, 2021),
                           rng.choice([12, 40, 85, 150, 300, 900, 2500, 12000]),
                           [_name(rng, (2, 3)) for _ in range(rng.randint(2, 3))],
                           [f"{_name(rng)} {rng.choice(_COMPANY_SUFFIXES)}" for _ in range(rng.randint(3, 6))], "")
        company.about = (f"{name} makes {industry} software and services. "
                         f"Our products {', '.join(company.products)} are used by customers such as "
                         f"{', '.join(company.clients[:2])}.")
        out.append(company)
    return out


class _Slots(dict):
    """Fills {slots} in a sentence; each slot drawn fresh (seeded) where the posting does not fix it."""

    def __init__(self, rng: random.Random, role: Role, fixed: dict) -> None:
        super().__init__(fixed)
        self.rng, self.role = rng, role
        self._draws: dict | None = None

    def __missing__(self, key: str) -> str:
        if self._draws is None:
            self._draws = self._make_draws()
        draw = self._draws.get(key)
        if draw is None:
            raise KeyError(key)
        return draw()

    def _make_draws(self) -> dict:
        rng = self.rng
        return {
            "tool": lambda: rng.choice(self.role.skills), "tool2": lambda: rng.choice(self.role.skills),
            "db": lambda: rng.choice(["PostgreSQL", "MySQL", "MongoDB", "DynamoDB", "SQL Server", "Cassandra"]),
            "cloud": lambda: rng.choice(["AWS", "GCP", "Azure"]),
            "queue": lambda: rng.choice(["Kafka", "RabbitMQ", "SQS", "Pub/Sub", "NATS"]),
            "bi": lambda: rng.choice(["Looker", "Tableau", "Power BI", "Metabase", "Superset"]),
            "erp": lambda: rng.choice(["SAP", "Oracle NetSuite", "Xero", "Sage", "Dynamics 365"]),
            "hris": lambda: rng.choice(["Workday", "BambooHR", "Personio", "HiBob"]),
            "ehr": lambda: rng.choice(["Epic", "Cerner", "SystmOne", "EMIS"]),
            "regulator": lambda: rng.choice(["NMC", "NMBI", "state board of nursing", "nursing council"]),
            "ward": lambda: rng.choice(["surgical", "medical", "cardiology", "oncology", "maternity", "orthopaedic",
                                         "elderly care", "respiratory"]),
            "years": lambda: str(rng.choice([1, 2, 3, 3, 4, 5, 5, 7])),
            "latency": lambda: str(rng.choice([100, 150, 200, 250, 300, 500])),
            "minutes": lambda: str(rng.choice([10, 15, 20, 30, 45])),
            "oncall": lambda: rng.choice(["four", "five", "six", "eight"]),
            "oncall_pay": lambda: f"{self['currency']}{rng.choice([150, 200, 250, 300])}",
            "growth": lambda: rng.choice(["tenfold", "past a million users", "across Europe", "into new markets",
                                          "this year", "without adding headcount"]),
            "n_countries": lambda: str(rng.randint(2, 30)), "n_tables": lambda: str(rng.choice([40, 80, 150, 300])),
            "n_entities": lambda: str(rng.randint(2, 14)), "n_roles": lambda: str(rng.randint(5, 40)),
            "share": lambda: str(rng.choice([40, 50, 60, 70, 80])), "csat": lambda: str(rng.choice([90, 92, 95])),
            "quota": lambda: f"{self['currency']}{rng.choice([120, 180, 250, 400, 600])},000",
            "ote": lambda: f"{self['currency']}{rng.choice([60, 75, 90, 110, 140])},000",
            "budget": lambda: f"{self['currency']}{rng.choice([20, 50, 80, 150])},000",
            "pick_rate": lambda: str(rng.choice([80, 100, 120, 150])), "lift_kg": lambda: str(rng.choice([15, 20, 25])),
            "start": lambda: str(rng.choice([6, 7, 8, 9])), "end": lambda: str(rng.choice([15, 16, 17, 18, 20])),
            "night_start": lambda: str(rng.choice([18, 20, 22])), "night_end": lambda: str(rng.choice([4, 6, 7])),
            "shift_pattern": lambda: rng.choice(["three a week", "four on four off", "on a rotating rota"]),
            "night_rota": lambda: rng.choice(["four", "five", "six"]),
            "weekend_rota": lambda: rng.choice(["three", "four", "five"]),
            "training_budget": lambda: f"{self['currency']}{rng.choice([500, 1000, 1500, 2000])}",
            "hospital": lambda: f"{_name(rng)} {rng.choice(['General Hospital', 'Royal Infirmary', 'Medical Centre', 'Clinic'])}",
            "school": lambda: f"{_name(rng)} {rng.choice(['Primary School', 'Academy', 'High School'])}",
            "restaurant": lambda: f"{_name(rng)} {rng.choice(['Kitchen', 'Bistro', 'Brasserie', 'Grill'])}",
            "year_group": lambda: str(rng.randint(1, 6)), "key_stage": lambda: str(rng.randint(1, 4)),
            "covers": lambda: str(rng.choice([80, 120, 200, 300])), "licence_years": lambda: str(rng.choice([1, 2, 3])),
            "months": lambda: rng.choice(["three", "six", "twelve"]),
            "team_size": lambda: rng.choice(["four", "six", "eight", "twelve"]),
            "manager_title": lambda: rng.choice(["Engineering Manager", "Head of Operations", "Director", "Team Lead",
                                                 "Ward Manager", "Head of Department"]),
            "users": lambda: rng.choice(["thousands of", "two million", "half a million", "40,000"]),
            "holidays": lambda: str(rng.choice([25, 26, 27, 28, 30])), "pension": lambda: str(rng.choice([3, 5, 6, 8])),
            "learning": lambda: f"{self['currency']}{rng.choice([500, 1000, 1500, 2000])}",
            "bonus": lambda: str(rng.choice([5, 8, 10, 15])), "parental": lambda: str(rng.choice([12, 16, 20, 26])),
            "lunch_days": lambda: rng.choice(["Fridays", "Mondays and Thursdays", "every office day"]),
            "allowance": lambda: f"{self['currency']}{rng.choice([300, 500, 750])}",
            "discount": lambda: str(rng.choice([10, 15, 20, 30])),
            "call_minutes": lambda: str(rng.choice([20, 30, 45])),
            "task": lambda: rng.choice(["take-home task", "practical exercise", "case study", "trial shift"]),
            "days": lambda: str(rng.choice([5, 7, 10, 14])), "notice": lambda: str(rng.choice([2, 4, 6])),
            "visa": lambda: rng.choice(["Yes, we sponsor skilled worker visas for this role.",
                                        "Unfortunately we cannot sponsor visas for this role.",
                                        "We sponsor visas for senior roles; ask your recruiter."]),
            "part_time": lambda: rng.choice(["Yes, we are open to four days a week for this role.",
                                             "This role is full-time only."]),
            "relocation": lambda: rng.choice(["Yes, we help with relocation costs up to {currency}5,000.".format(**self),
                                              "No, candidates need to be based near the office.",
                                              "We offer a relocation package for international hires."]),
            "degree": lambda: rng.choice(["No, equivalent experience is just as welcome.",
                                          "A degree is preferred but not required.",
                                          "Yes, a relevant degree is required for this role."]),
        }


def _fill(template: str, slots: _Slots) -> str:
    return template.format_map(slots)


def _salary_line(rng: random.Random, role: Role, seniority: str, currency: str, shifts: bool) -> str:
    factor = {"Junior": 0.7, "Senior": 1.3, "Lead": 1.5, "Staff": 1.7, "Regional": 1.3, "Apprentice": 0.55,
              "Newly Qualified": 0.85, "Band 6": 1.2, "Charge": 1.35, "Head": 1.5}.get(seniority, 1.0)
    low = int(rng.uniform(*role.salary) * factor)
    high = max(low + 2, int(low * rng.uniform(1.1, 1.3)))
    if shifts and rng.random() < 0.6:
        hourly = round(low * 1000 / 1900, 2)
        return rng.choice(["Pay", "Salary", "Hourly rate"]) + f": {currency}{hourly:.2f} per hour, plus shift allowances"
    label = rng.choice(["Salary", "Salary range", "Compensation", "Pay"])
    return f"{label}: {currency}{low},000–{currency}{high},000 per year"


def _one_posting(rng: random.Random, number: int, companies: list[_Company]) -> Posting:
    role = ROLES[rng.randrange(len(ROLES))]
    company = rng.choice(companies)
    city, country, currency = rng.choice(LOCATIONS)
    seniority = rng.choice(role.seniorities)
    base_title = rng.choice(role.titles)
    title = f"{seniority} {base_title}".strip()
    mode = rng.choice(WORK_MODES)
    employment = rng.choice(EMPLOYMENT_TYPES)
    team = rng.choice(role.teams)
    person = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
    office_days = rng.choice(["two days a week", "three days a week", "once a month", "every Tuesday and Thursday"])
    product = rng.choice(company.products)
    slots = _Slots(rng, role, {
        "company": company.name, "city": city, "country": country, "currency": currency, "title": title,
        "team": team, "person": person, "product": product, "client": rng.choice(company.clients),
        "industry": company.industry, "founded": str(company.founded), "size": str(company.size),
        "mode": mode, "office_days": office_days,
    })
    blocks: list[Block] = []

    overview = rng.choice(["Overview", "About the role", "The role", "Job summary"])
    intro = " ".join([_fill(rng.choice(_INTROS), slots), _fill(rng.choice(_ROLE_PITCH), slots)])
    if rng.random() < 0.3:  # some overviews run long enough to be split into two passages
        intro += " " + " ".join(_fill(t, slots) for t in rng.sample(role.duties, 3)) + " " + company.about
    blocks.append(Block("paragraph", intro, overview))
    where = f"{city}, {country}" + {"remote": " (remote)", "hybrid": f" (hybrid, in the office {office_days})",
                                    "on-site": " (on-site)"}[mode]
    labels = [f"Location: {where}", f"Employment type: {employment}",
              _salary_line(rng, role, seniority, currency, role.shifts)]
    if role.shifts:
        labels.append(f"Hours: {rng.choice([30, 36, 37.5, 40, 42])} hours a week, "
                      + rng.choice(["days and nights", "days only", "rotating shifts", "weekends included"]))
    else:
        labels.append(f"Hours: {rng.choice([35, 37.5, 40])} hours a week")
    if rng.random() < 0.5:
        labels.append(f"Start date: {rng.choice(['As soon as possible', 'January', 'March', 'June', 'September'])}")
    if rng.random() < 0.4:
        labels.append(f"Reports to: {person}")
    if rng.random() < 0.3:
        labels.append(f"Closing date: {rng.randint(1, 28)} {rng.choice(['January', 'April', 'July', 'October'])}")
    blocks.extend(Block("label", text, overview) for text in labels)

    duty_section = rng.choice(["Responsibilities", "What you'll do", "Your responsibilities", "Key duties"])
    for template in rng.sample(role.duties, min(len(role.duties), rng.randint(4, 8))):
        text = _fill(template, slots)
        if rng.random() < 0.4:
            text = text.rstrip(".") + _fill(rng.choice(_DUTY_CLAUSES), slots) + "."
        blocks.append(Block("bullet", text, duty_section))

    qual_section = rng.choice(["Qualifications", "Requirements", "What we're looking for", "About you"])
    for template in rng.sample(role.quals, min(len(role.quals), rng.randint(3, 6))):
        text = _fill(template, slots)
        if rng.random() < 0.3:
            text = rng.choice(_QUAL_OPENINGS) + text[0].lower() + text[1:]
        blocks.append(Block("bullet", text, qual_section))
    if role.nice and rng.random() < 0.7:
        for template in rng.sample(role.nice, min(len(role.nice), rng.randint(1, 3))):
            blocks.append(Block("bullet", _fill(template, slots), "Nice to have"))

    for skill in rng.sample(role.skills, min(len(role.skills), rng.randint(5, 9))):
        blocks.append(Block("bullet", skill, "Skills"))

    benefit_section = rng.choice(["Benefits", "What we offer", "Perks and benefits"])
    for template in rng.sample(_BENEFITS, rng.randint(4, 6)):
        blocks.append(Block("bullet", _fill(template, slots), benefit_section))

    if rng.random() < 0.5:
        blocks.append(Block("paragraph", company.about, f"About {company.name}"))
    blocks.append(Block("paragraph", rng.choice([
        f"Apply with your CV through the link below. {person} reviews every application and replies within {rng.choice([5, 7, 10])} working days.",
        f"Send your CV and a short note about why {company.name} interests you. We interview on a rolling basis.",
        f"Click apply and answer three short questions. Shortlisted candidates are invited to {city} for an interview.",
    ]), "How to apply"))

    faq_section = rng.choice(["Frequently Asked Questions", "FAQ", "Questions candidates ask"])
    pool = [(q, a) for q, a in role.faq] + list(_COMPANY_FAQ)
    first = list(role.faq)[:1]
    rest = [item for item in pool if item not in first]
    for question, answer in first + rng.sample(rest, rng.randint(3, 6) - len(first)):
        blocks.append(Block("faq", _fill(answer, slots), faq_section, question=_fill(question, slots)))

    slug = re.sub(r"[^a-z0-9]+", "-", f"{title} {company.name.split()[0]} {city}".lower()).strip("-")
    return Posting(
        id=f"{slug}-{number}",
        title=title,
        blocks=tuple(blocks),
        location=where,
        employment_type=employment,
        apply_url=f"https://careers.{company.domain}/jobs/{number}",
        contact=f"{person} ({person.split()[0].lower()}@{company.domain})",
        updated=f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        extra={"role": role.key, "company": company.name, "city": city, "seniority": seniority, "mode": mode},
    )


def company_faq_posting() -> Posting:
    """The careers site's company-wide FAQ, searched alongside every posting."""
    qa = [
        ("How long does the hiring process take?", "Most candidates hear back within two weeks of applying."),
        ("Can I apply to several jobs?", "Yes, you can apply to up to three jobs at once."),
        ("Do you accept speculative applications?", "Yes, send your CV to the talent team and we keep it for a year."),
        ("Is my data safe?", "We keep application data for twelve months and delete it on request."),
        ("Do you offer internships?", "Yes, paid summer internships open every February."),
    ]
    blocks = tuple(Block("faq", answer, "Careers FAQ", question=question) for question, answer in qa)
    return Posting(id="careers-faq", title="Careers FAQ", blocks=blocks, company=True)


def generate(n: int, seed: int = 7, company_faq: bool = True) -> list[Posting]:
    """``n`` job postings (and the company-wide FAQ unless told not to), the same for the same seed."""
    rng = random.Random(seed)
    companies = _companies(rng, max(3, n // 8))
    postings = [_one_posting(rng, number, companies) for number in range(n)]
    return postings + [company_faq_posting()] if company_faq else postings


# --- questions ---------------------------------------------------------------

# Asked of any posting; {skill} is one of its skills, {city} its city.
_POSTING_QUESTIONS = (
    "salary?", "whats the salary", "how much does it pay", "wat is the sallary", "pay range pls",
    "is there a bonus", "what's the compensation for this", "how much per hour", "is the salary negotiable?",
    "is this remote", "can i work from home", "wfh?", "where is the office", "hybrid?", "how many days in the office",
    "do i need a degree", "do i need a bachelors in cs", "what qualifications do i need", "no degree ok?",
    "how many years experiance", "is it entry level", "junior friendly?", "min years of exp",
    "do you use {skill}", "{skill} experience needed?", "{skill_typo}?", "what tech stack", "which skills are needed",
    "do i need to know {skill}", "benifits?", "health insurance", "how many vacation days", "pension?",
    "whats the holiday allowance", "parental leave", "learning budget", "night shifts?", "weekend work",
    "part time possible", "what are the hours", "is there overtime", "visa sponsorship?", "do u sponsor visas",
    "relocation help", "how do i apply", "interview process", "how long does hiring take", "when does it start",
    "who do i report to", "what would i do day to day", "main responsibilities", "what are the duties",
    "is there on call", "do i need a portfolio", "do i need a driving licence", "is there commission",
    "team size", "how big is the team", "what does the company do", "is it permanent or contract",
    "full time?", "can i apply for more than one role", "do you provide a car", "are meals provided",
    "training?", "certifications needed", "is it in {city}",
)
_FOLLOW_UPS = (
    ("whats the salary", "and the bonus?"), ("is this remote", "what about relocation?"),
    ("do i need a degree", "and how many years?"), ("what are the hours", "and weekends?"),
    ("benefits?", "what about pension"), ("do you use {skill}", "how about {skill2}"),
    ("how do i apply", "and how long does it take?"), ("is there a bonus", "is it paid yearly?"),
)
_OUT_OF_SCOPE = (
    "whats the weather in paris", "can you write me a poem", "who won the football last night",
    "what's the capital of france", "asdfgh", "tell me a joke", "how do i cook pasta", "what is 2+2",
    "recommend a good laptop", "is bitcoin going up", "whats the meaning of life", "translate hello to spanish",
)
_SMALLTALK = ("hi", "thanks!", "bye", "who are you", "ok cool", "hello there")
_HANDOFF = ("can i talk to a recruiter", "i want to speak to a human", "who can i contact")
# Careers-wide: {role} one of the corpus's job titles, {city} one of its cities.
_CAREERS_QUESTIONS = (
    "any {role} jobs in {city}", "remote {skill} jobs", "{role} salary", "jobs in {city}",
    "entry level {role} roles", "do you have {role} openings", "{skill} jobs", "part time jobs in {city}",
    "jobs with visa sponsorship", "which jobs are remote", "night shift jobs", "jobs with no degree",
    "{role_typo} jobs?", "what {role} roles pay the most", "are there jobs for nurses", "warehouse jobs near {city}",
    "python developer remote", "data analyst in {city}", "jobs with a company car", "internships?",
    "how long does the hiring process take", "can i send a speculative application", "is my data safe",
    "which jobs offer relocation", "senior roles in {city}", "{skill} and {skill2}", "do you hire graduates",
)


@dataclass(frozen=True)
class Question:
    """One candidate turn to time: the message, its scope and the conversation before it."""

    message: str
    posting_id: str | None
    history: tuple[Turn, ...] = ()
    kind: str = "question"


def typo(rng: random.Random, word: str) -> str:
    """A plausible misspelling: a swapped, dropped or doubled letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    how = rng.choice(("swap", "drop", "double"))
    if how == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def _sloppy(rng: random.Random, text: str) -> str:
    """Sometimes lower-case, misspell one long word, drop the question mark."""
    words = text.split()
    long_ones = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if long_ones and rng.random() < 0.35:
        i = rng.choice(long_ones)
        words[i] = typo(rng, words[i])
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text.rstrip("?")
    if rng.random() < 0.15:
        text = text.capitalize()
    return text


def questions(postings: list[Posting], count: int = 200, seed: int = 11, scope: str = "posting",
              targets: int = 10) -> list[Question]:
    """``count`` rotating questions; ``scope`` "posting" pairs each with one of ``targets`` postings spread
    through the corpus, "careers" asks them of every posting (posting_id None)."""
    rng = random.Random(seed)
    jobs = [p for p in postings if not p.company]
    if not jobs:
        raise ValueError("no job postings to ask about")
    step = max(1, len(jobs) // targets)
    chosen = jobs[::step][:targets]
    out: list[Question] = []
    while len(out) < count:
        posting = chosen[len(out) % len(chosen)]
        skills = [b.text for b in posting.blocks if b.section == "Skills"] or ["Excel"]
        city = posting.extra.get("city", "London")
        role = rng.choice(jobs).title.lower()
        fill = {"skill": rng.choice(skills).lower(), "skill2": rng.choice(skills).lower(), "city": city.lower(),
                "role": role, "skill_typo": typo(rng, rng.choice(skills).lower()), "role_typo": typo(rng, role)}
        posting_id = posting.id if scope == "posting" else None
        draw = rng.random()
        if draw < 0.08:
            out.append(Question(rng.choice(_OUT_OF_SCOPE), posting_id, kind="out_of_scope"))
        elif draw < 0.12:
            out.append(Question(rng.choice(_SMALLTALK), posting_id, kind="smalltalk"))
        elif draw < 0.14:
            out.append(Question(rng.choice(_HANDOFF), posting_id, kind="handoff"))
        elif draw < 0.26:
            earlier, later = rng.choice(_FOLLOW_UPS)
            history = (Turn("user", earlier.format(**fill)),
                       Turn("assistant", "The posting says (Overview): “…” [1]"))
            out.append(Question(_sloppy(rng, later.format(**fill)), posting_id, history, kind="follow_up"))
        else:
            templates = _POSTING_QUESTIONS if scope == "posting" else _CAREERS_QUESTIONS + _POSTING_QUESTIONS[:30]
            out.append(Question(_sloppy(rng, rng.choice(templates).format(**fill)), posting_id))
    return out


def _print(posting: Posting) -> None:
    print(f"# {posting.title}  [{posting.id}]  {posting.location} · {posting.employment_type}")
    section = None
    for block in posting.blocks:
        if block.section != section:
            section = block.section
            print(f"\n## {section}")
        if block.kind == "faq":
            print(f"### {block.question}\n{block.text}")
        else:
            print(("- " if block.kind == "bullet" else "") + block.text)
    print()


if __name__ == "__main__":
    for item in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 2, company_faq=False):
        _print(item)
