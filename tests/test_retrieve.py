"""Retrieval: BM25 exactly as rank-bm25, TF-IDF as scikit-learn, then ranking by concepts."""

import numpy as np
import pytest
from rank_bm25 import BM25Okapi
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant import tokens
from assistant.index import Index, passage_terms
from assistant.loading import load_assistant
from assistant.query import Concept, Query
from assistant.retrieve import Retriever, topicality

POSTING = "senior-back-end-developer"
QUERIES = ["salary salary", "degree in computer science", "node.js django ruby rails", "experience experience years",
           "back-end developer", "git version control", "mentorship junior developers", "docker", "kubernetes"]


@pytest.fixture(scope="module")
def seed():
    assistant = load_assistant()
    chunks = assistant.chunks(POSTING)
    return chunks, Index.build(chunks)


def _bm25_by_index(index, query_terms):
    scores = np.zeros(index.n_docs)
    for term in query_terms:  # a repeated query term counts again, as in rank-bm25
        term_id = index.term_id(term)
        found = index.hits(term_id, 0, 0, index.n_docs) if term_id is not None else None
        if found is not None:
            scores[found.rows] += found.bm25
    return scores


@pytest.mark.parametrize("question", QUERIES)
def test_bm25_equals_rank_bm25(seed, question):
    chunks, index = seed
    reference = BM25Okapi([passage_terms(c) for c in chunks])
    query_terms = tokens.terms(question)
    assert _bm25_by_index(index, query_terms) == pytest.approx(reference.get_scores(query_terms), abs=1e-9)


def test_tfidf_weights_equal_scikit_learn(seed):
    chunks, index = seed
    vectorizer = TfidfVectorizer(analyzer=passage_terms, sublinear_tf=True)
    matrix = vectorizer.fit_transform(chunks).toarray()
    for term, column in vectorizer.vocabulary_.items():
        found = index.hits(index.term_id(term), 0, 0, index.n_docs)
        assert found.tfidf == pytest.approx(matrix[found.rows, column]), term
        assert np.count_nonzero(matrix[:, column]) == found.rows.size


def _query(*words):
    return Query(" ".join(words), tuple(Concept(w, ((tokens.stem(w),),)) for w in words))


def test_coverage_prefers_the_passage_holding_every_concept(seed):
    _, index = seed
    top = Retriever().search(index, _query("degree", "computer", "science"))[0]
    assert "degree" in top.chunk.text.lower() and top.coverage == pytest.approx(1.0) and top.focus


def test_figures_come_first_for_how_many(seed):
    _, index = seed
    query = Query("how many years of experience", _query("years", "experience").concepts, wants_number=True)
    assert "5 years" in Retriever().search(index, query)[0].chunk.text


def test_empty_cases(seed):
    _, index = seed
    assert Retriever().search(index, Query("", ())) == []
    assert Retriever().search(Index.build([]), _query("salary")) == []
    assert Retriever().search(index, _query("zzzunknown")) == []
    with pytest.raises(ValueError, match="top_k"):
        Retriever().search(index, _query("salary"), top_k=0)


def test_a_long_answer_is_cited_once_by_its_best_piece():
    from assistant.chunking import chunk_posting
    from assistant.model import Block, Posting

    answer = " ".join(f"Relocation support covers item {n} of the move, paid by the relocation budget." for n in range(12))
    posting = Posting("p", "FAQ", (Block("faq", answer, "FAQ", question="Do you pay for relocation?"),
                                   Block("bullet", "Relocation is possible to Denver.", "Benefits")))
    chunks = chunk_posting(posting)
    assert len({c.block for c in chunks if c.question}) == 1 and sum(1 for c in chunks if c.question) > 1
    found = Retriever().search(Index.build(chunks), _query("relocation", "budget"), top_k=5)
    blocks = [p.chunk.block for p in found]
    assert len(blocks) == len(set(blocks)) == 2


def test_small_ranges_score_as_the_sparse_path_does(monkeypatch):
    """A posting's rows scored all at once (from per-snapshot concept signals) rank exactly as the
    rows its terms hit do: checked on every question of the dev set."""
    import json
    from pathlib import Path

    import assistant.retrieve as retrieve

    assistant = load_assistant()
    eval_file = Path(__file__).parent / "eval" / "senior-back-end-developer.jsonl"
    questions = [turn["message"] for line in eval_file.read_text().splitlines() for turn in json.loads(line)["turns"]]

    def ranked():
        return [[(p.chunk.id, round(p.score, 9), round(p.coverage, 9), p.focus, p.unmatched)
                 for p in assistant.search(q, POSTING).passages] for q in questions]

    dense = ranked()
    monkeypatch.setattr(retrieve, "DENSE_ROWS", 0)
    sparse = ranked()
    assert dense == sparse and any(dense)


def _grid_by_hand(found, concept_count, start, end):
    """The concept grid the plain way: per concept and row, the best alternative whose words are all there."""
    cells = {}  # (alternative, row) -> [hits, bm25, tfidf, heading]
    for row, alternative, bm25, tfidf, heading in zip(found.rows.tolist(), found.alternative.tolist(),
                                                       found.bm25.tolist(), found.tfidf.tolist(), found.heading.tolist()):
        cell = cells.setdefault((alternative, row), [0, 0.0, 0.0, 0.0])
        cell[0] += 1
        cell[1] += bm25
        cell[2] += tfidf / found.words[alternative]
        cell[3] += heading
    rows = sorted(set(found.rows.tolist()))
    grid = np.zeros((4, concept_count, len(rows)))
    for (alternative, row), (hits, bm25, tfidf, heading) in cells.items():
        if hits == found.words[alternative]:
            concept, at = found.concept[alternative], rows.index(row)
            for signal, value in enumerate((bm25, tfidf, heading, 1.0)):
                grid[signal, concept, at] = max(grid[signal, concept, at], value)
    return np.array(rows, dtype=np.int64), grid


@pytest.mark.parametrize("rows_in_range", [40, 100_000])  # hits dense in the range, and sparse
def test_the_concept_grid_keeps_each_concepts_best_whole_alternative(rows_in_range):
    from assistant.retrieve import _concept_grid, _Found

    rng = np.random.default_rng(7)
    words = np.array([1, 2, 1, 3, 1])  # alternatives; concept 0 has 0-1, concept 1 has 2-4
    concept = np.array([0, 0, 1, 1, 1])
    rows, alternatives = [], []
    for alternative, count in enumerate(words):
        for row in rng.choice(30, size=12, replace=False):
            # each word of the alternative is a hit; some rows lack one of them
            present = count if rng.random() < 0.7 else max(1, count - 1)
            rows += [int(row) * (rows_in_range // 40) + 500] * present
            alternatives += [alternative] * present
    size = len(rows)
    found = _Found(np.array(rows), np.array(alternatives), rng.random(size), rng.random(size),
                   rng.random(size) * (rng.random(size) < 0.3), words, concept)
    got_rows, got = _concept_grid(found, 2, 500, 500 + rows_in_range)
    want_rows, want = _grid_by_hand(found, 2, 500, 500 + rows_in_range)
    assert got_rows.tolist() == want_rows.tolist()
    assert np.allclose(got, want)


def _faq(*entries):
    from assistant.chunking import chunk_posting
    from assistant.model import Block, Posting

    blocks = tuple(Block("faq", answer, "FAQ", question=question) for question, answer in entries)
    return Index.build(chunk_posting(Posting("p", "FAQ", blocks)))


def _near_query(*words):
    phrase = "~".join(tokens.stem(word) for word in words)
    return Query(" ".join(words), (Concept(" ".join(words), ((phrase,),)),))


def test_a_lexicon_phrase_needs_its_words_close_together():
    index = _faq(("What does the role involve?", "You will build web applications for our customers and, as one of the team, work closely with design."),
                 ("When do applications close?", "On the last Friday of the month."),
                 ("Is there a deadline?", "The deadline for applications is in May."))
    found = [p.chunk.question for p in Retriever().search(index, _near_query("applications", "close"))]
    assert found == ["When do applications close?"]  # "applications" ... "closely" far apart do not count
    found = [p.chunk.question for p in Retriever().search(index, _near_query("application", "deadline"))]
    assert found == ["Is there a deadline?"]  # any order, a word or two apart


def test_a_heading_word_is_near_the_whole_passage_and_a_compound_may_be_two_words():
    index = _faq(("How often do you pay salaries?", "Every other Friday, and on the last day of the month."),
                 ("What do you build?", "Our back end developers write the services that our customers use every "
                                        "day, and all of them are backend work."))
    assert [p.chunk.question for p in Retriever().search(index, _near_query("pay", "day"))] == [
        "How often do you pay salaries?"]
    # "back end" stands for "backend" next to "developers" (the passage holds "backend" too, far from it)
    assert [p.chunk.question for p in Retriever().search(index, _near_query("backend", "developer"))] == [
        "What do you build?"]


def test_a_quoted_lexicon_phrase_is_found_word_for_word_only():
    index = _faq(("How do I apply?", "Pick a role on our careers page and send the form."),
                 ("What will I do?", "Learn new tools and apply them in the team's work."))
    phrase = " ".join(tokens.stem(word) for word in ("how", "do", "i", "apply"))
    query = Query("how do i apply", (Concept("how do i apply", ((phrase,),)),))
    assert [p.chunk.question for p in Retriever().search(index, query)] == ["How do I apply?"]


def test_where_a_phrase_stands_is_worked_out_once_per_segment_and_a_replaced_posting_drops_out():
    from assistant.chunking import chunk_posting
    from assistant.model import Block, Posting

    def posting(pid, answer):
        return Posting(pid, pid, (Block("faq", answer, "FAQ", question="When?"),))

    old, other = posting("a", "Applications close on Friday."), posting("b", "Applications close in May.")
    index = Index.build(chunk_posting(old) + chunk_posting(other))
    query = _near_query("applications", "close")
    assert {p.chunk.posting for p in Retriever().search(index, query)} == {"a", "b"}
    newer = index.replace({"a"}, chunk_posting(posting("a", "We hire all year round.")))
    assert {p.chunk.posting for p in Retriever().search(newer, query)} == {"b"}
    assert any(key[0] == "phrase" for key in index.segments[0]._memo)  # shared by both snapshots


@pytest.mark.parametrize("question", ["what are the requirements?", "What qualifications are needed for this role?",
                                      "what do i need to apply"])
def test_passages_held_only_by_their_heading_come_in_the_postings_order(question):
    """Every bullet under "Qualifications" holds the question only through that heading: their BM25 and
    TF-IDF differ by length alone, so the recruiter's order decides, and the first ones are cited."""
    reply = load_assistant().reply(question, POSTING)
    assert reply.kind == "answer"
    cited = [c.passage.chunk for c in reply.citations]
    assert {chunk.section for chunk in cited} == {"Qualifications"}
    assert [chunk.position for chunk in cited] == sorted(chunk.position for chunk in cited)
    assert cited[0].text.startswith("Bachelor's degree") and cited[1].text.startswith("Minimum of 5 years")


def test_rows_alike_under_one_heading_score_alike_and_no_others():
    from assistant.retrieve import _heading_order

    fused = np.array([0.9, 0.5, 0.6, 0.7, 0.8, 0.3])
    headings = np.array([0, 1, 1, 1, 1, 2])
    by_heading = np.array([True, True, True, False, True, True])
    coverage = np.array([1.0, 0.5, 0.5, 0.5, 1.0, 0.5])
    out = _heading_order(fused, headings, by_heading, coverage)
    # rows 1 and 2 share a heading and hold as much of the question through it; row 3 holds some in its
    # text, row 4 more of the question, rows 0 and 5 stand under other headings: those keep their scores
    assert out.tolist() == [0.9, 0.6, 0.6, 0.7, 0.8, 0.3]
    assert fused.tolist() == [0.9, 0.5, 0.6, 0.7, 0.8, 0.3]  # the caller's scores are left alone


@pytest.mark.parametrize("question", ["what about experience?", "experience required?", "how much experience"])
def test_short_statements_that_hold_the_question_alike_come_in_the_postings_order(question):
    """Three Qualifications bullets hold "experience" once each: BM25 prefers the shortest (the Git one),
    but nothing sets them apart except length, so the recruiter's first, the minimum years, leads."""
    reply = load_assistant().reply(question, POSTING)
    assert reply.kind == "answer"
    assert reply.citations[0].passage.chunk.text.startswith("Minimum of 5 years")


def test_heading_numbers_group_the_rows_under_one_heading():
    from assistant.index import heading_numbers

    chunks = load_assistant().chunks(POSTING)
    numbers = heading_numbers(chunks).tolist()
    for row in range(1, len(chunks)):
        same = (chunks[row].section, chunks[row].subsection, chunks[row].question) == (
            chunks[row - 1].section, chunks[row - 1].subsection, chunks[row - 1].question)
        assert (numbers[row] == numbers[row - 1]) == same


def test_the_index_knows_which_rows_answer_an_faq_question(seed):
    chunks, index = seed
    faq = index.segments[0].faq.tolist()
    assert faq == [chunk.question is not None for chunk in chunks]
    assert any(faq) and not all(faq)  # the seed has an FAQ section besides its lists
    assert index.compacted().segments[0].faq.tolist() == faq
    mass = index.segments[0].question_mass
    assert ((mass > 0) == index.segments[0].faq).all()
    assert index.compacted().segments[0].question_mass.tolist() == mass.tolist()


def test_an_faq_entry_gains_by_how_much_of_its_question_the_candidate_restates():
    from assistant.chunking import chunk_posting
    from assistant.model import Block, Posting
    from assistant.retrieve import RESTATED_WEIGHT, _Question, _restated

    posting = Posting("p", "FAQ", (
        Block("faq", "Interview in jeans or in a suit: every interview here is casual.", "FAQ", question="Is there a dress code?"),
        Block("faq", "About an hour, with two engineers from the team.", "FAQ", question="How long does the interview take?"),
        Block("faq", "Yes, every new hire gets a laptop.", "FAQ", question="Do you provide equipment?"),
        Block("faq", "Twenty days a year.", "FAQ", question="How much vacation do I get?"),
        Block("bullet", "Interview training for every engineer.", "Benefits"),
    ))
    index = Index.build(chunk_posting(posting))
    rows = np.arange(index.n_docs)
    part = _restated(index, _Question.of(_query("interview").concepts), 0, 0, index.n_docs, rows)
    whole = _restated(index, _Question.of(_query("long", "interview", "take").concepts), 0, 0, index.n_docs, rows)
    # the dress code entry only holds the word in its answer, the benefit has no FAQ question
    assert part[0] == part[2] == part[3] == part[4] == 0.0 and 0.0 < part[1] < 1.0
    assert whole[1] == pytest.approx(1.0)
    found = Retriever().search(index, _query("interview"), top_k=5)
    assert found[0].chunk.question == "How long does the interview take?" and RESTATED_WEIGHT > 0


def test_leading_passages_keep_passage_order_on_a_tie_at_the_cut():
    from assistant.retrieve import DENSE_ROWS, _leading

    scores = np.zeros(DENSE_ROWS + 100)
    scores[[7, 300, 40, 9, 200]] = 1.0  # five tied, three wanted: the first three in passage order
    scores[250] = 2.0
    assert _leading(scores, 4).tolist() == [250, 7, 9, 40]


def test_a_phrase_is_more_topical_than_any_of_its_words():
    def concept(label):
        return Concept(label, (tuple(label.split()),))
    phrase = topicality(concept("source control"))
    assert phrase > max(topicality(concept("source")), topicality(concept("control")))
    # ... and than the everyday words a question wraps it in
    assert phrase > max(topicality(concept("comfortable")), topicality(concept("tools")))
    assert 0.25 <= phrase <= 1.0


def test_a_related_word_counts_less_than_the_word_itself(seed):
    _, index = seed
    own = Retriever().search(index, Query("", (Concept("review", (("review",),)),)))[0]
    related = Retriever().search(index, Query("", (Concept("critique", (("critiqu",),), related=(("review",),)),)))[0]
    assert own.chunk == related.chunk  # the same passage is found through the synonym
    assert related.coverage == pytest.approx(0.5 * own.coverage)
    assert related.bm25 == pytest.approx(0.5 * own.bm25)
