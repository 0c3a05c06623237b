"""Word lists the CS1 reader and the name parser rely on, kept as reviewable data."""

from __future__ import annotations

from typing import Final

# Lower-case name particles kept with the family name (CSL non-dropping particles).
PARTICLES: Final = frozenset(
    """
    van von der den de del della dei di da dos das du la le ter ten te zu bin ibn al el ben ap
    """.split()
)

# Words that mark an author as an organisation, kept whole as a literal name.
ORGANISATION_WORDS: Final = frozenset(
    """
    organization organisation association institute institution society service services agency department
    council ministry committee group centers centres center centre university foundation inc inc. ltd ltd.
    llc collaboration commission board office administration network team consortium trust bureau federation
    college academy press news staff reporters corporation company unit programme program project
    initiative alliance
    """.split()
)

# Abbreviations after which a period never ends a segment ("pp. 5", "Vol. 3").
ALWAYS_PROTECTED: Final = frozenset(
    """
    p pp Vol vol No no Nos nos Suppl suppl Pt pt Ch ch Art art Sec sec Fig fig St Dr Mr Mrs Ms Prof vs al ca
    c cf Dept Univ
    """.split()
)

# ISO 4 journal-title abbreviations: a period after one of these, followed by a
# capital letter, continues the container title ("J. Clin. Invest.").
JOURNAL_ABBREVIATIONS: Final = frozenset(
    """
    J Proc Natl Acad Sci Med Clin Int Res Rev Am Br Eur Ann Arch Biol Chem Phys Soc Assoc Gen Exp Mol Nat
    Lett Bull Trans Rep Surg Ther Dis Infect Pract Nurs Psychol Behav Neurosci Immunol Pharmacol Neurol
    Pathol Physiol Toxicol Oncol Epidemiol Endocrinol Gastroenterol Rheumatol Dermatol Radiol Cardiol Pediatr
    Obstet Gynecol Urol Ophthalmol Otolaryngol Anesth Anaesth Emerg Crit Hosp Jpn Chin Can Aust Scand Comput
    Eng Math Stat Appl Inf Technol Syst Environ Ecol Evol Genet Microbiol Virol Biochem Biophys Biotechnol
    Pharm Sociol Econ Polit Hist Philos Educ Manag Adm Publ Q Commun Lang Ling Rehabil Nutr Metab Obes
    Hematol Haematol Nephrol Pulm Respir Thorac Vasc Circ Cogn Dev Adolesc Fam Geriatr Gerontol Addict Subst
    Psychiatr Sch Dent Vet Agric Mech Struct Mater Electr Opt Astron Astrophys Geophys Geol Ocean Atmos
    Meteorol
    """.split()
)
