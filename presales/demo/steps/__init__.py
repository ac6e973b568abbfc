"""The demo build, step by step: plain functions by domain, each taking the DemoContext first.

Everything goes through the services as the demo person who does the work, so the demo
also exercises the rules; people, departments and the catalog's tree have no service (the
admin screens manage them) and are created directly. presales.demo.load runs the steps.

The modules, each importing only modules listed above it (a test checks the demo has no
import cycle):

    plan           each opportunity's story: stages, dates, outcome, owner and lead
    approvals      deciding a pending approval as a demo person
    people         departments and users; who does a project's engineering work
    catalog        product tree, products, components and prices, configurator rules
    customers      customers and contacts
    requests       service requests: finished ones of past stages, today's in every status
    solutions      solution versions, review meetings, sign-off, on-site Q&A
    handover       the handover to implementation and its acceptance report
    quotes         quote lists, their rounds, the price review (PCST) of bids
    contracts      contracts, contract review, signing, actual costs
    tenders        tenders registered, decided, bid, reviewed, awarded or lost
    deliverables   the documents a stage's gate asks for, written and approved
    opportunities  opportunities worked stage by stage, moved through the gates, closed
    knowledge      the library: folder keepers, documents with files, reviews and downloads
    answers        the answer library (应答集锦): entries by their owners, approved, some due
    responses      a deviation table half done on one bid (after the tenders and the answers)
    backdate       timestamps moved to the demo's own calendar, dates made to follow
"""
