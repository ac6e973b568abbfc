"""The demo department, as plain data: who works there, whom they sell to, what they sell.

Two businesses share one presales department, as in the seed (shared/seeds): a maker of
station power supplies (ZHDCS 直流操作电源系统, IMPS 通信电源系统, ZHM05/ZHM08 监控器,
一体化电源系统) selling to the power grid, design institutes, rail transit, petrochemical
plants and telecom operators; and an IT integrator doing public-security, education,
government, banking and hospital projects. Names of people are invented; names of
customers are the kind found in Zhejiang tender notices.

One module per domain the data describes, read by the build step of the same name
(presales.demo.steps):

    people          departments, the demo's people (logins, names, roles) and who does what
    records         the shape of a demo customer and of a demo opportunity
    customers       business lines, contacts' titles and concerns, the customer list
                    (customers_power, customers_it)
    opportunities   the opportunity list (opportunities_power, opportunities_it), stage
                    durations, the words timelines and deliverables are written in
    requests        service requests: titles, site surveys, requirements, today's requests
    solutions       solution texts, review and sign-off comments, on-site Q&A
    catalog         product tree, products (products_power, products_it), configurator rules
    components      purchased components (外购件), brands, suppliers, price histories
    quotes          quote rounds, bid margins, price review comments
    contracts       payment terms, contract review, actual costs

Every login and name of a person is in `people`; the other modules refer to people by the
constants declared there.
"""

from presales.demo.data.people import DEMO_USERNAMES

__all__ = ["DEMO_USERNAMES"]  # the logins the commands and tests look for
