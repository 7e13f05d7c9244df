"""Names for the demo workforce, drawn from the backgrounds of people who work in the NHS.

A name is picked from the pool of the person's (demo) ethnic group, so the staff list reads like a
real one: Filipino and Keralan nurses, Nigerian and Zimbabwean colleagues, Polish and Portuguese
healthcare assistants, British-born staff of every heritage. The pairing is loose on purpose —
names do not decide anything in Allied, and people of mixed heritage draw from both pools.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class NamePool:
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]


def _pool(women: str, men: str, surnames: str) -> NamePool:
    split = lambda text: tuple(item.strip() for item in text.split(",") if item.strip())  # noqa: E731
    return NamePool(split(women), split(men), split(surnames))


WHITE_BRITISH = _pool(
    "Emma, Sarah, Claire, Rebecca, Laura, Helen, Rachel, Hannah, Sophie, Charlotte, Lucy, Gemma, "
    "Katie, Joanne, Nicola, Amy, Jessica, Victoria, Karen, Lisa, Susan, Jennifer, Abigail, Megan, "
    "Eleanor, Alice, Bethan, Fiona, Kirsty, Ruth, Louise, Caroline, Zoe, Harriet, Jane, Natalie",
    "James, David, Matthew, Daniel, Thomas, Andrew, Richard, Mark, Paul, Christopher, Michael, "
    "Stephen, Benjamin, Samuel, Luke, Jonathan, Robert, Simon, Adam, Oliver, Peter, Gareth, "
    "Callum, Rhys, Alistair, Neil, Owen, Craig, Tom, Iain",
    "Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Robinson, Wright, Thompson, "
    "Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, Harrison, Hughes, Edwards, "
    "Turner, Hill, Cooper, Ward, Morris, Moore, Parker, Lewis, Fletcher, Marsh, Holt, Baxter, "
    "Pritchard, Sutherland, Campbell, Fraser, McKenzie, Lloyd, Price, Whitfield, Ashworth, Hale, "
    "Bennett, Chapman, Dawson, Ellis, Foster, Gibson, Kershaw, Lambert, Mason, Nolan, Palmer",
)
WHITE_IRISH = _pool(
    "Siobhan, Aoife, Niamh, Ciara, Orla, Roisin, Sinead, Grainne, Maeve, Aisling",
    "Ciaran, Declan, Eoin, Padraig, Cormac, Seamus, Niall, Conor, Donal, Fergal",
    "Murphy, O'Brien, Kelly, Byrne, Gallagher, Doyle, O'Sullivan, Walsh, McCarthy, Brennan, "
    "Kavanagh, Quinn, Fitzgerald, Lynch, Regan",
)
WHITE_OTHER = _pool(
    "Agnieszka, Katarzyna, Ana, Maria, Ioana, Elena, Sofia, Giulia, Eleni, Inês, Marta, Zsófia, "
    "Anja, Magdalena, Raluca, Beatriz, Ingrid, Chiara",
    "Tomasz, Piotr, João, Andrei, Marco, Nikos, Pavel, Lukas, Miguel, Jakub, Stefan, Dimitris, "
    "Krzysztof, Bogdan, Rui, Matteo",
    "Nowak, Kowalczyk, Wójcik, Silva, Santos, Ferreira, Popescu, Ionescu, Rossi, Ferrari, "
    "Papadopoulos, Novák, Horváth, Müller, García, Fernández, Petrov, Jensen, Costa, Kovač, "
    "Marino, Oliveira",
)
WHITE_GYPSY_TRAVELLER = _pool(
    "Bridget, Kathleen, Mary", "Patrick, John, Martin", "Ward, McDonagh, Joyce, Connors"
)
WHITE_ROMA = _pool("Mirela, Elena", "Marian, Florin", "Dumitru, Stoica, Lăcătuș")
INDIAN = _pool(
    "Priya, Anjali, Deepa, Sunita, Kavita, Neha, Pooja, Meera, Lakshmi, Harpreet, Jaspreet, Divya, "
    "Shreya, Ananya, Reshma, Bindu, Smitha, Jincy, Asha, Nisha",
    "Rajesh, Sanjay, Vikram, Arjun, Amit, Rahul, Sandeep, Gurpreet, Manoj, Kiran, Anil, Rohan, "
    "Suresh, Harjit, Jithin, Biju, Nikhil, Deepak",
    "Patel, Sharma, Singh, Gupta, Kumar, Shah, Mehta, Reddy, Nair, Iyer, Menon, Desai, Joshi, "
    "Chauhan, Mistry, Sandhu, Gill, Pillai, Raman, Rao, Varghese, Joseph, Mathew, Kurian, Dhillon, "
    "Bhatt, Chopra",
)
PAKISTANI = _pool(
    "Ayesha, Fatima, Sana, Nadia, Saima, Rabia, Hina, Zainab, Amna, Farah, Mehwish, Sadia, Aisha, "
    "Maryam",
    "Imran, Bilal, Usman, Asif, Kamran, Faisal, Tariq, Omar, Hamza, Adnan, Zubair, Shahid, Haris, "
    "Waqas",
    "Khan, Hussain, Ahmed, Ali, Akhtar, Iqbal, Malik, Raza, Butt, Mahmood, Qureshi, Siddiqui, "
    "Chaudhry, Aslam, Javed, Anwar",
)
BANGLADESHI = _pool(
    "Nasima, Shirin, Tahmina, Rumana, Farzana, Sharmin, Jahanara, Sabina, Taslima, Rokeya",
    "Abdul, Shafiq, Mizanur, Rafiq, Jamal, Anwar, Saiful, Habib, Shahed, Kamrul",
    "Begum, Miah, Uddin, Rahman, Islam, Chowdhury, Hoque, Alam, Hossain, Ahmed, Khatun",
)
CHINESE = _pool(
    "Mei, Xiaoling, Jing, Wei Ling, Yan, Hui, Siu Ling, Ying, Lok Yee",
    "Wei, Jun, Hao, Ming, Kai, Jian, Kwok Wai, Chi Keung",
    "Chen, Wong, Li, Zhang, Liu, Wang, Lam, Chan, Ng, Leung, Cheung, Ho, Tang, Yeung",
)
OTHER_ASIAN = _pool(
    "Maricel, Rowena, Jocelyn, Kristine, Mary Grace, Tharshini, Nirmala, Anjana, Sita, Rosalie, "
    "Lovely, Shanthi",
    "Rodel, Jerome, Arnel, Mark Anthony, Ramesh, Dilan, Prakash, Bishal, Ronaldo, Nuwan, Suman",
    "Santos, Reyes, dela Cruz, Bautista, Garcia, Mendoza, Fernando, Perera, Jayasinghe, Gurung, "
    "Thapa, Rai, Wickramasinghe, Villanueva, Aquino, Tamang",
)
AFRICAN = _pool(
    "Adaeze, Chiamaka, Ngozi, Funmilayo, Abimbola, Grace, Esther, Blessing, Ama, Akosua, Efua, "
    "Wanjiru, Nyasha, Tendai, Chipo, Folasade, Yetunde, Abena, Precious, Joy, Ruvimbo, Chioma, "
    "Temitope, Ifeoma, Comfort, Mercy",
    "Chukwuemeka, Oluwaseun, Tunde, Kwame, Kofi, Kwabena, Emeka, Babatunde, Samuel, Daniel, "
    "Tafadzwa, Tinashe, Segun, Yaw, Ikenna, Olusegun, Femi, Chidi, Tendai, Kelechi",
    "Okafor, Adeyemi, Okonkwo, Mensah, Asante, Boateng, Owusu, Adebayo, Oladipo, Nwosu, Eze, "
    "Mwangi, Moyo, Ndlovu, Chikwanha, Banda, Osei, Appiah, Ogunleye, Abiodun, Adeleke, Okoro, "
    "Mutasa, Nkemelu, Achebe, Ofori, Sibanda, Agyeman",
)
CARIBBEAN = _pool(
    "Marcia, Sonia, Janelle, Keisha, Simone, Andrea, Michelle, Paulette, Jasmine, Tanya, Beverley, "
    "Shanice, Claudette, Yvonne",
    "Delroy, Winston, Marcus, Leon, Andre, Jerome, Trevor, Clive, Dwayne, Nathan, Errol, Curtis",
    "Campbell, Brown, Williams, Thomas, Francis, Grant, Henry, Clarke, Reid, Samuels, Bailey, "
    "Gayle, McKenzie, Powell, Edwards, Morgan, Duncan, Lindo",
)
OTHER_BLACK = _pool(
    "Zara, Amani, Hodan, Sahra, Amina, Hiwot, Selam",
    "Abdi, Mohamed, Yusuf, Dawit, Tesfaye, Abdirahman",
    "Abdi, Hassan, Warsame, Tesfaye, Haile, Bekele, Jama, Osman, Gebremedhin",
)
ARAB = _pool(
    "Layla, Noor, Rania, Huda, Mariam, Dalia, Salma",
    "Ahmed, Khalid, Yousef, Omar, Karim, Sami, Tarek",
    "Haddad, Al-Sayed, Mansour, Nasser, Khalil, Abdallah, Saleh, Hamdan, Al-Rashid",
)
ANY_OTHER = _pool(
    "Shirin, Elif, Leila, Camila, Valentina, Zeynep, Ava, Nazanin, Gabriela",
    "Reza, Emre, Mehmet, Carlos, Diego, Arash, Dariush, Kaveh, Mateo",
    "Karimi, Hosseini, Yılmaz, Demir, Rodríguez, Morales, Mohammadi, Rezaei, Öztürk, Kaya, Vargas",
)
MIXED_WHITE_CARIBBEAN = _pool(
    "Jade, Leah, Chantelle, Aaliyah, Maya, Kayla, Tia",
    "Jordan, Tyler, Kieran, Reece, Elliot, Jaden",
    "",
)
MIXED_WHITE_AFRICAN = _pool(
    "Zoe, Imani, Nia, Jamie, Amara, Ella", "Jamie, Kofi, Isaac, Tobi, Ashley", ""
)
MIXED_WHITE_ASIAN = _pool("Maya, Sienna, Anya, Leela, Hannah", "Jay, Rohan, Sami, Arun, Oliver", "")
MIXED_OTHER = _pool("Yasmin, Luna, Isla, Noor, Mia", "Zak, Rafael, Kai, Idris, Leo", "")

# Where a pool has no surnames, the surname comes from one of the heritages named here.
POOLS: dict[str, NamePool | tuple[NamePool, NamePool]] = {
    "white_british": WHITE_BRITISH,
    "white_irish": WHITE_IRISH,
    "white_other": WHITE_OTHER,
    "white_gypsy_traveller": WHITE_GYPSY_TRAVELLER,
    "white_roma": WHITE_ROMA,
    "asian_indian": INDIAN,
    "asian_pakistani": PAKISTANI,
    "asian_bangladeshi": BANGLADESHI,
    "asian_chinese": CHINESE,
    "asian_other": OTHER_ASIAN,
    "black_african": AFRICAN,
    "black_caribbean": CARIBBEAN,
    "black_other": OTHER_BLACK,
    "other_arab": ARAB,
    "other_any": ANY_OTHER,
}
MIXED: dict[str, tuple[NamePool, tuple[NamePool, ...]]] = {
    "mixed_white_black_caribbean": (MIXED_WHITE_CARIBBEAN, (WHITE_BRITISH, CARIBBEAN)),
    "mixed_white_black_african": (MIXED_WHITE_AFRICAN, (WHITE_BRITISH, AFRICAN)),
    "mixed_white_asian": (MIXED_WHITE_ASIAN, (WHITE_BRITISH, INDIAN, CHINESE)),
    "mixed_other": (MIXED_OTHER, (WHITE_OTHER, ARAB, OTHER_ASIAN, CARIBBEAN)),
}


def pick_name(rng: random.Random, ethnic_group: str, sex: str) -> str:
    """A plausible full name for someone of this ethnic group and sex."""
    if ethnic_group in MIXED:
        firsts, surname_pools = MIXED[ethnic_group]
        surname_pool = rng.choice(surname_pools)
    else:
        firsts = surname_pool = POOLS.get(ethnic_group, WHITE_BRITISH)  # type: ignore[assignment]
        if rng.random() < 0.12:
            # British-born staff of every heritage: some carry names from another pool.
            firsts = rng.choice([WHITE_BRITISH, firsts])
    given = rng.choice(firsts.men if sex == "male" else firsts.women)
    surname = rng.choice(surname_pool.surnames)
    if surname == "Begum" and sex == "male":
        surname = "Miah"
    return f"{given} {surname}"


def email_local_part(full_name: str) -> str:
    """'Inês Wiśniewska' → 'ines.wisniewska'."""
    ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode()
    words = ["".join(ch for ch in word.lower() if ch.isalnum()) for word in ascii_name.split()]
    return ".".join(word for word in words if word)
