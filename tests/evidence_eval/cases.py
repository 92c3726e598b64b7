"""An evaluation set for the evidence feature: reports, the sources they cite, a label per claim.

Everything here was written for claimdesk: the models, benchmarks and figures are
invented, so no label depends on what a real paper says. Each source is a PDF (built
with fpdf2 at set-up: several pages, words hyphenated across line breaks, tables), an
HTML page or a plain text file. Each claim carries the suggestion a careful reviewer
would give it and, when a passage bears on it, a snippet the best passage must contain.

Claims are written the way the publisher writes them: paraphrased, numbers moved about
("76.2% pass@1" against "pass@1 of 76.2%"), synonyms, and some cut at 120 characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Source:
    url: str
    kind: str  # "pdf" | "html" | "txt" | "missing"
    title: str = ""
    pages: tuple[tuple[object, ...], ...] = ()  # pdf: pages of blocks (str with explicit line breaks, or Table)
    body: str = ""  # html or txt


@dataclass(frozen=True)
class EvalClaim:
    text: str
    label: str  # supported | contradicted | not-found | no-source
    snippet: str | None = None  # the best passage must contain this (white space folded)


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    question: str
    sources: tuple[Source, ...]
    claims: tuple[EvalClaim, ...] = field(default_factory=tuple)


S, C, N, X = "supported", "contradicted", "not-found", "no-source"

CODEGEN = Case(
    id="eval01_codegen",
    title="Self-invoking code generation in small code models",
    question="How well do small code models solve self-invoking programming problems?",
    sources=(
        Source(
            url="http://arxiv.org/abs/2501.10001v2",
            kind="pdf",
            title="RecurBench: Evaluating Code Models on Self-Invoking Problems",
            pages=(
                (
                    "RecurBench: Evaluating Code Models on Self-Invoking Problems\n"
                    "Abstract. We present RecurBench, a benchmark of 240 self-invoking program-\n"
                    "ming problems in which a solution must call the function it wrote for a simpler\n"
                    "base problem. We evaluate 14 code models and find that every one of them loses\n"
                    "accuracy when a problem requires self-invocation.",
                    "1 Introduction\n"
                    "Code generation benchmarks such as HumanEval and MBPP measure function com-\n"
                    "pletion from a docstring. They do not test whether a model can reuse its own\n"
                    "code. RecurBench pairs each base problem with a self-invoking problem that\n"
                    "builds on it, and scores both with hidden unit tests.",
                    "2 Construction\n"
                    "The problems were drafted by Helix-Coder-70B, which wrote the problem state-\n"
                    "ments, reference solutions and test inputs; two annotators then checked every\n"
                    "problem by hand and discarded 31 of them.",
                ),
                (
                    "3 Results\n"
                    "Instruction tuning helps less on self-invoking problems than on base problems:\n"
                    "the average gain from instruction tuning is 9.8 points on base problems but only\n"
                    "3.1 points on self-invoking ones.",
                    Table(
                        "Table 2: pass@1 (%) on RecurBench.",
                        ("Model", "Base", "Self-invoking"),
                        (
                            ("Tern-Coder-7B-base", "61.3", "38.2"),
                            ("Tern-Coder-7B-instruct", "70.9", "41.5"),
                            ("Marlin-8B-base", "55.0", "29.7"),
                            ("Marlin-8B-instruct", "66.4", "33.0"),
                            ("Quill-15B-instruct", "78.6", "47.9"),
                        ),
                    ),
                    "The strongest model, Quill-15B-instruct, still fails more than half of the self-\n"
                    "invoking problems. Errors are dominated by wrong reuse of the base function\n"
                    "rather than by syntax errors.",
                ),
            ),
        ),
        Source(
            url="https://recurbench.example.org/leaderboard",
            kind="html",
            title="RecurBench leaderboard",
            body="""<html><head><title>RecurBench leaderboard</title><script>var x = "Tern-Coder-7B-base 99.9";</script></head>
<body><nav>Home | Leaderboard | Submit</nav>
<main><h1>RecurBench leaderboard</h1>
<p>Scores are pass@1 on the self-invoking split, greedy decoding, averaged over three runs.</p>
<table><tr><th>Model</th><th>Self-invoking pass@1</th></tr>
<tr><td>Orca-Code-34B</td><td>52.4</td></tr>
<tr><td>Quill-15B-instruct</td><td>47.9</td></tr>
<tr><td>Tern-Coder-7B-instruct</td><td>41.5</td></tr></table>
<p>Orca-Code-34B is the first model to pass more than half of the self-invoking problems.</p>
</main><footer>Contact the maintainers to correct an entry.</footer></body></html>""",
        ),
    ),
    claims=(
        EvalClaim("Tern-Coder-7B-base achieves 61.3% pass@1 on the base problems of RecurBench.", S, "Tern-Coder-7B-base 61.3"),
        EvalClaim("Marlin-8B-instruct reaches a pass@1 of 33.0% on self-invoking problems.", S, "Marlin-8B-instruct 66.4 33.0"),
        EvalClaim("Quill-15B-instruct achieved a score of 78.6 on the Base Problem and 51.2 on the Self-invoking Problem.", C, "Quill-15B-instruct 78.6"),
        EvalClaim("Marlin-8B-base scores 58.0% pass@1 on base problems.", C, "Marlin-8B-base 55.0"),
        EvalClaim("RecurBench contains 240 self-invoking programming problems built on simpler base problems.", S, "240 self-invoking"),
        EvalClaim("The RecurBench problems were drafted by Helix-Coder-70B, which wrote statements, reference solutions and test inputs.", S, "drafted by Helix-Coder-70B"),
        EvalClaim("Instruction tuning helps more on self-invoking problems than on base problems.", C, "Instruction tuning helps less"),
        EvalClaim("Orca-Code-34B achieves 52.4 pass@1 on the self-invoking split of RecurBench.", S, "Orca-Code-34B | 52.4"),
        EvalClaim("Vega-Coder-3B achieves 44.0% pass@1 on RecurBench self-invoking problems.", N, None),
        EvalClaim("The average gain from instruction tuning is 9.8 points on base problems and 3.1 points on the self-invoking problems of th", S, "9.8 points"),
    ),
)

MOE = Case(
    id="eval02_moe",
    title="Expert routing in sparse mixture-of-experts language models",
    question="How does load balancing affect expert routing in sparse mixture-of-experts models?",
    sources=(
        Source(
            url="http://arxiv.org/abs/2502.20002v1",
            kind="pdf",
            title="Balanced Routing for Sparse Mixture-of-Experts",
            pages=(
                (
                    "Balanced Routing for Sparse Mixture-of-Experts\n"
                    "Abstract. Sparse mixture-of-experts (MoE) layers route each token to a few\n"
                    "experts. Without an auxiliary loss, routers collapse onto a handful of experts.\n"
                    "We propose BalRoute, a routing rule that removes the auxiliary loss and adds a\n"
                    "per-expert bias updated after every step.",
                    "1 Method\n"
                    "BalRoute keeps a bias for each expert. After each training step the bias of an\n"
                    "over-loaded expert is lowered and the bias of an under-loaded expert is raised,\n"
                    "so that tokens spread evenly without a gradient from a balancing loss.",
                ),
                (
                    "2 Experiments\n"
                    "We train Kestrel-MoE, a model with 64 experts per layer of which 6 are active for\n"
                    "each token, on 1.2 trillion tokens. With BalRoute the maximum expert load falls\n"
                    "from 3.4 times the mean to 1.3 times the mean, and validation perplexity improves\n"
                    "from 8.91 to 8.62.",
                    Table(
                        "Table 1: Load balance and quality of routing rules on Kestrel-MoE.",
                        ("Routing", "MaxLoad", "Perplexity", "Dropped"),
                        (
                            ("Top-k with auxiliary loss", "1.9", "8.74", "4.1%"),
                            ("Top-k without balancing", "3.4", "8.91", "11.6%"),
                            ("BalRoute", "1.3", "8.62", "0.7%"),
                        ),
                    ),
                ),
                (
                    "3 Limitations\n"
                    "The bias update adds a hyper-parameter, the update rate, which we set to 0.001\n"
                    "in all runs. We did not study models with more than 64 experts, and all results\n"
                    "are from a single random seed because of compute limits.",
                ),
            ),
        ),
        Source(
            url="https://doi.org/10.5555/moe.survey.2025",
            kind="txt",
            title="A short survey of expert routing",
            body=(
                "A short survey of expert routing\n\n"
                "Routers in sparse MoE models assign tokens to experts by a learned gate. The most common "
                "choice is top-2 gating, in which each token is processed by its two highest-scoring experts.\n\n"
                "Expert-choice routing inverts the assignment: each expert selects the tokens it will process, "
                "which guarantees a perfectly even load but lets some tokens be skipped entirely.\n\n"
                "Auxiliary balancing losses trade quality for balance; several groups report that removing them "
                "improves perplexity when another balancing mechanism is present."
            ),
        ),
    ),
    claims=(
        EvalClaim("Kestrel-MoE uses 64 experts per layer with 6 experts active per token.", S, "64 experts per layer"),
        EvalClaim("BalRoute reduces the maximum expert load from 3.4 to 1.3 times the mean load.", S, "3.4 times the mean"),
        EvalClaim("With BalRoute, validation perplexity improved from 8.91 to 8.45 on Kestrel-MoE.", C, "8.91 to 8.62"),
        EvalClaim("BalRoute drops 0.7% of tokens, against 4.1% for top-k routing with an auxiliary loss.", S, "BalRoute 1.3 8.62 0.7%"),
        EvalClaim("Top-k routing without balancing drops 6.2% of tokens on Kestrel-MoE.", C, "Top-k without balancing"),
        EvalClaim("BalRoute removes the auxiliary balancing loss and instead adds a bias for every expert that is updated after each step.", S, "per-expert bias"),
        EvalClaim("Expert-choice routing lets each expert pick the tokens it processes, which guarantees an even load.", S, "each expert selects the tokens"),
        EvalClaim("Kestrel-MoE was trained on 1.2 trillion tokens.", S, "1.2 trillion tokens"),
        EvalClaim("BalRoute was evaluated on models with 256 experts per layer and improved downstream accuracy by 2.3 points.", C, "64 experts"),
        EvalClaim("Top-2 gating sends each token to its two highest-scoring experts.", S, "two highest-scoring experts"),
    ),
)

RAG = Case(
    id="eval03_rag",
    title="Retrieval-augmented generation for open-domain question answering",
    question="Does retrieval augmentation reduce hallucination in open-domain question answering?",
    sources=(
        Source(
            url="https://blog.example.net/posts/retrieval-and-hallucination",
            kind="html",
            title="Retrieval and hallucination: what we measured",
            body="""<!doctype html><html><head><title>Retrieval and hallucination: what we measured</title>
<style>p { color: red }</style></head><body>
<header><a href="/">Lab blog</a></header>
<article>
<h1>Retrieval and hallucination: what we measured</h1>
<p>We compared a closed-book reader, Finch-13B, with the same model given five retrieved passages from a
Wikipedia index. On our 2,000-question open-domain set, retrieval lowered the hallucination rate from
27.5% to 11.2%.</p>
<p>Exact-match accuracy rose from 41.0 to 56.3 with retrieval. Gains were largest for questions about
rare entities, where the closed-book model had the least to go on.</p>
<p>Retrieval is not free: the median answer latency grew from 180 ms to 420 ms, mostly spent in the
dense retriever.</p>
<p>When the retrieved passages were irrelevant, the model hallucinated more often than with no retrieval
at all, so a relevance filter matters.</p>
</article>
<aside>Related posts: our hiring page</aside>
</body></html>""",
        ),
        Source(
            url="http://arxiv.org/abs/2503.30003v1",
            kind="txt",
            title="Dense retrievers for question answering",
            body=(
                "Dense retrievers for question answering\n\n"
                "We train DualEnc, a dual-encoder retriever, on 60,000 question-passage pairs. "
                "DualEnc reaches a top-20 retrieval accuracy of 78.4% on our test split, compared with "
                "59.1% for BM25.\n\n"
                "Hard negatives mined from BM25 results are essential: without them top-20 accuracy "
                "falls to 70.2%.\n\n"
                "Index size is a concern: the dense index over 21 million passages takes 64 GB of memory."
            ),
        ),
        Source(url="https://doi.org/10.5555/rag.missing.2024", kind="missing"),
    ),
    claims=(
        EvalClaim("Retrieval augmentation cut the hallucination rate of Finch-13B from 27.5% to 11.2%.", S, "27.5% to 11.2%"),
        EvalClaim("With retrieval, exact-match accuracy increased from 41.0 to 58.9.", C, "41.0 to 56.3"),
        EvalClaim("DualEnc achieves 78.4% top-20 retrieval accuracy, compared with 59.1% for BM25.", S, "78.4%"),
        EvalClaim("Without hard negatives, the top-20 accuracy of DualEnc drops to 70.2%.", S, "70.2%"),
        EvalClaim("Retrieval reduced the median answer latency of the reader.", C, "latency grew"),
        EvalClaim("The dense index over 21 million passages requires 64 GB of memory.", S, "64 GB"),
        EvalClaim("Retrieval augmentation improves factual consistency scores by 14% in biomedical question answering.", X, None),
        EvalClaim("Irrelevant retrieved passages made the model hallucinate more often than no retrieval at all.", S, "irrelevant"),
        EvalClaim("DualEnc was trained on 80,000 question-passage pairs.", C, "60,000 question-passage pairs"),
    ),
)

QUANT = Case(
    id="eval04_quant",
    title="Post-training quantization of large language models",
    question="How much quality do large language models lose under 4-bit post-training quantization?",
    sources=(
        Source(
            url="http://arxiv.org/abs/2504.40004v3",
            kind="pdf",
            title="SlimQ: Outlier-Aware 4-bit Quantization",
            pages=(
                (
                    "SlimQ: Outlier-Aware 4-bit Quantization\n"
                    "Abstract. Weight quantization to 4 bits shrinks a model fourfold but harms\n"
                    "quality when a few outlier channels dominate. SlimQ keeps outlier channels\n"
                    "in 16-bit precision and quantizes the rest with per-group scales. On Heron-13B\n"
                    "SlimQ loses 0.18 perplexity points, against 0.94 for round-to-nearest quanti-\n"
                    "zation.",
                    "1 Setup\n"
                    "We quantize Heron-7B, Heron-13B and Heron-70B with a group size of 128 and\n"
                    "calibrate on 512 sequences. Outlier channels are the 1% of channels with the\n"
                    "largest activation magnitude.",
                ),
                (
                    Table(
                        "Table 3: WikiText perplexity after 4-bit quantization.",
                        ("Model", "FP16", "RTN", "SlimQ"),
                        (
                            ("Heron-7B", "5.68", "6.29", "5.90"),
                            ("Heron-13B", "5.09", "6.03", "5.27"),
                            ("Heron-70B", "3.32", "3.87", "3.41"),
                        ),
                    ),
                    "Larger models are more robust to quantization: the gap between SlimQ and\n"
                    "FP16 narrows from 0.22 on Heron-7B to 0.09 on Heron-70B.",
                    "2 Speed\n"
                    "With our fused kernels, 4-bit SlimQ inference is 2.7 times faster than FP16 at\n"
                    "batch size 1 on a single accelerator, and memory use falls by 71%.",
                ),
            ),
        ),
        Source(
            url="https://quant-notes.example.com/rtn-baseline.html",
            kind="html",
            title="Round-to-nearest as a baseline",
            body="""<html><head><title>Round-to-nearest as a baseline</title></head><body>
<div class="menu">Notes &middot; About</div>
<div class="content"><h2>Round-to-nearest as a baseline</h2>
<p>Round-to-nearest (RTN) quantization needs no calibration data and runs in seconds.</p>
<p>At 8 bits RTN is nearly lossless for every model we tried. At 3 bits it breaks down: perplexity on
Heron-7B rises above 40.</p>
<p>Calibration-based methods such as SlimQ spend minutes per model, but their advantage over RTN is
largest at 4 bits and below.</p></div></body></html>""",
        ),
    ),
    claims=(
        EvalClaim("SlimQ keeps outlier channels in 16-bit precision and quantizes the remaining weights with per-group scales.", S, "outlier channels"),
        EvalClaim("On Heron-13B, SlimQ loses 0.18 perplexity points versus 0.94 for round-to-nearest quantization.", S, "0.18 perplexity"),
        EvalClaim("Heron-7B reaches a WikiText perplexity of 5.90 with SlimQ 4-bit quantization.", S, "Heron-7B 5.68 6.29 5.90"),
        EvalClaim("Heron-70B has a perplexity of 3.95 under RTN 4-bit quantization.", C, "Heron-70B 3.32 3.87 3.41"),
        EvalClaim("4-bit SlimQ inference is 3.5 times faster than FP16 at batch size 1.", C, "2.7 times faster"),
        EvalClaim("Smaller models are more robust to quantization than larger ones.", C, "Larger models are more robust"),
        EvalClaim("SlimQ quantized models reduce memory use by 71% compared with FP16.", S, "71%"),
        EvalClaim("Round-to-nearest quantization requires no calibration data.", S, "no calibration data"),
        EvalClaim("At 3 bits, RTN perplexity on Heron-7B rises above 40.", S, "above 40"),
        EvalClaim("SlimQ was calibrated on 2048 sequences with a group size of 64 for every Heron model in the study of outlier-aware qu", C, "512 sequences"),
    ),
)

ASR = Case(
    id="eval05_asr",
    title="Speech recognition robustness to accented speech",
    question="How robust are end-to-end speech recognisers to accented English?",
    sources=(
        Source(
            url="https://speech.example.edu/reports/accent-eval.txt",
            kind="txt",
            title="Accent robustness evaluation",
            body=(
                "Accent robustness evaluation\n\n"
                "We evaluate three end-to-end recognisers on 40 hours of accented English from 12 accent groups.\n\n"
                "Results (word error rate, %):\n"
                "Model | Native | Accented\n"
                "Wren-Large | 4.1 | 9.8\n"
                "Wren-Base | 6.3 | 14.7\n"
                "Stork-CTC | 7.9 | 18.2\n\n"
                "Every model roughly doubles its word error rate on accented speech. Fine-tuning Wren-Base on "
                "10 hours of accented speech lowers its accented word error rate to 11.0%.\n\n"
                "Errors concentrate on proper nouns and numbers; function words are transcribed reliably."
            ),
        ),
        Source(
            url="http://arxiv.org/abs/2505.50005v1",
            kind="pdf",
            title="Wren: Large-Scale Weakly Supervised Speech Recognition",
            pages=(
                (
                    "Wren: Large-Scale Weakly Supervised Speech Recognition\n"
                    "Abstract. Wren is an encoder-decoder recogniser trained on 410,000 hours of\n"
                    "weakly labelled audio. Wren-Large has 1.5 billion parameters and transcribes\n"
                    "speech in 57 languages.",
                    "1 Training data\n"
                    "Transcripts were collected from the web and filtered with a language iden-\n"
                    "tifier; about 18% of the raw audio was discarded as mislabelled.",
                ),
                (
                    "2 Results\n"
                    "On the LibriClean test set Wren-Large reaches a word error rate of 2.7%,\n"
                    "and on the noisy LibriOther set 5.2%. Wren-Base, with 240 million parame-\n"
                    "ters, reaches 4.0% and 8.9% respectively.",
                ),
            ),
        ),
    ),
    claims=(
        EvalClaim("Wren-Large has a word error rate of 9.8% on accented English, against 4.1% on native speech.", S, "Wren-Large | 4.1 | 9.8"),
        EvalClaim("Stork-CTC reaches a word error rate of 15.6% on accented speech.", C, "Stork-CTC | 7.9 | 18.2"),
        EvalClaim("Fine-tuning Wren-Base on 10 hours of accented speech lowers its accented WER to 11.0%.", S, "11.0%"),
        EvalClaim("Wren-Large was trained on 680,000 hours of weakly labelled audio.", C, "410,000 hours"),
        EvalClaim("Wren-Large has 1.5 billion parameters and transcribes speech in 57 languages.", S, "1.5 billion parameters"),
        EvalClaim("Wren-Large achieves a 2.7% word error rate on LibriClean.", S, "2.7%"),
        EvalClaim("Wren-Base, with 240 million parameters, reaches 4.0% WER on LibriClean and 8.9% on LibriOther.", S, "240 million"),
        EvalClaim("About 18% of the raw audio was discarded as mislabelled by a language identifier.", S, "18%"),
        EvalClaim("Recognition errors on accented speech concentrate on proper nouns and numbers.", S, "proper nouns"),
        EvalClaim("Wren-Large outperforms human transcribers on conversational telephone speech with a 5.1% word error rate.", N, None),
    ),
)

ALIGN = Case(
    id="eval06_align",
    title="Preference optimisation for instruction following",
    question="Does direct preference optimisation match RLHF for instruction following?",
    sources=(
        Source(
            url="http://arxiv.org/abs/2506.60006v2",
            kind="pdf",
            title="Preference Optimisation Without Reward Models",
            pages=(
                (
                    "Preference Optimisation Without Reward Models\n"
                    "Abstract. We compare direct preference optimisation (DPO) with PPO-based\n"
                    "reinforcement learning from human feedback on Lark-8B. DPO reaches a win\n"
                    "rate of 61.4% against the supervised baseline, while PPO reaches 63.0%, at\n"
                    "roughly one fifth of the compute.",
                    "1 Data\n"
                    "Both methods use the same 85,000 preference pairs, each labelled by three\n"
                    "annotators; pairs without a majority were removed.",
                ),
                (
                    Table(
                        "Table 4: Win rate (%) against the supervised model.",
                        ("Method", "Helpfulness", "Harmlessness"),
                        (
                            ("SFT", "50.0", "50.0"),
                            ("DPO", "61.4", "58.2"),
                            ("PPO", "63.0", "60.7"),
                        ),
                    ),
                    "DPO training is more stable: across five seeds its win rate varies by 1.2\n"
                    "points, against 4.8 points for PPO. Longer answers are preferred by annota-\n"
                    "tors, and both methods increase the mean answer length by about 30%.",
                ),
            ),
        ),
        Source(url="https://doi.org/10.5555/rlhf.overview.2023", kind="missing"),
    ),
    claims=(
        EvalClaim("DPO reaches a 61.4% win rate against the supervised baseline on Lark-8B.", S, "61.4%"),
        EvalClaim("PPO achieves a harmlessness win rate of 60.7% against the SFT model.", S, "PPO 63.0 60.7"),
        EvalClaim("DPO achieves a harmlessness win rate of 64.5% against the supervised model.", C, "DPO 61.4 58.2"),
        EvalClaim("Both methods were trained on the same 85,000 preference pairs labelled by three annotators.", S, "85,000 preference pairs"),
        EvalClaim("DPO training is less stable than PPO across random seeds.", C, "DPO training is more stable"),
        EvalClaim("Both DPO and PPO increase the mean answer length by about 30%.", S, "30%"),
        EvalClaim("Reward model ensembles reduce reward hacking in RLHF by 40%.", X, None),
        EvalClaim("Constitutional AI feedback replaces human preference labels for harmlessness training.", X, None),
        EvalClaim("DPO uses roughly one fifth of the compute of PPO-based RLHF while reaching a 61.4% win rate against the supervi", S, "one fifth"),
    ),
)

GRAPH = Case(
    id="eval07_graph",
    title="Graph neural networks for molecular property prediction",
    question="Do graph neural networks beat fingerprints for molecular property prediction?",
    sources=(
        Source(
            url="https://chem.example.org/papers/gnn-vs-fingerprints.html",
            kind="html",
            title="Graph networks versus fingerprints",
            body="""<html><head><title>Graph networks versus fingerprints</title></head><body><main>
<h1>Graph networks versus fingerprints</h1>
<p>We benchmark MolGIN, a graph isomorphism network, against random forests on extended-connectivity
fingerprints across 9 property-prediction tasks.</p>
<table>
<tr><th>Task</th><th>MolGIN ROC-AUC</th><th>Fingerprint RF ROC-AUC</th></tr>
<tr><td>Toxicity</td><td>0.842</td><td>0.815</td></tr>
<tr><td>Solubility class</td><td>0.901</td><td>0.907</td></tr>
<tr><td>Permeability</td><td>0.788</td><td>0.731</td></tr>
</table>
<p>MolGIN wins on 6 of the 9 tasks; fingerprints remain competitive on small datasets with fewer than
1,000 molecules.</p>
<p>Pre-training MolGIN on 2 million unlabelled molecules adds 0.02 ROC-AUC on average.</p>
</main></body></html>""",
        ),
        Source(
            url="https://chem.example.org/data/scaffold-splits.txt",
            kind="txt",
            title="Scaffold splits",
            body=(
                "Scaffold splits\n\n"
                "Random splits overestimate generalisation because near-identical molecules land in both "
                "training and test sets. Scaffold splits group molecules by their core ring system, and scores "
                "under scaffold splits are typically 0.05 to 0.10 ROC-AUC lower than under random splits."
            ),
        ),
    ),
    claims=(
        EvalClaim("MolGIN achieves a ROC-AUC of 0.842 on toxicity prediction, above 0.815 for fingerprint random forests.", S, "Toxicity"),
        EvalClaim("MolGIN outperforms fingerprint random forests on 6 of the 9 property-prediction tasks.", S, "6 of the 9"),
        EvalClaim("MolGIN reaches a ROC-AUC of 0.812 on permeability prediction.", C, "Permeability"),
        EvalClaim("Fingerprints remain competitive on small datasets with fewer than 1,000 molecules.", S, "fewer than 1,000 molecules"),
        EvalClaim("Pre-training MolGIN on 2 million unlabelled molecules adds 0.05 ROC-AUC on average.", C, "adds 0.02 ROC-AUC"),
        EvalClaim("Scaffold splits group molecules by their core ring system and give lower scores than random splits.", S, "core ring system"),
        EvalClaim("MolGIN predicts reaction yields with a mean absolute error of 7.3 percentage points.", N, None),
        EvalClaim("Transformer models trained on SMILES strings outperform graph networks on every task.", N, None),
    ),
)

# Written after the thresholds were set and not tuned on: a check on reports the rules had not seen.
LONGCTX = Case(
    id="eval08_longctx",
    title="Long-context evaluation of language models",
    question="How well do language models use information placed deep in long contexts?",
    sources=(
        Source(
            url="http://arxiv.org/abs/2507.70007v1",
            kind="pdf",
            title="NeedleBench: Retrieval and Reasoning over 128K-Token Contexts",
            pages=(
                (
                    "NeedleBench: Retrieval and Reasoning over 128K-Token Contexts\n"
                    "Abstract. We evaluate 9 long-context models on NeedleBench, which hides one or\n"
                    "more facts (needles) in filler text of 4K to 128K tokens. Accuracy drops sharply\n"
                    "when a needle sits in the middle of the context rather than at its start or end.",
                    "1 Tasks\n"
                    "Single-needle retrieval asks for one hidden fact; multi-needle reasoning re-\n"
                    "quires combining three facts hidden at different depths. Each task has 600\n"
                    "test items at every context length.",
                ),
                (
                    Table(
                        "Table 2: Accuracy (%) on single-needle retrieval at 128K tokens.",
                        ("Model", "Start", "Middle", "End"),
                        (
                            ("Pelican-32K-ext", "88.5", "41.2", "79.0"),
                            ("Albatross-128K", "97.1", "83.4", "95.6"),
                            ("Gannet-200K", "98.3", "90.7", "97.9"),
                        ),
                    ),
                    "Multi-needle reasoning is much harder: even Gannet-200K reaches only 52.6%\n"
                    "at 128K tokens, against 81.0% at 8K tokens. Position interpolation, used to\n"
                    "extend Pelican from 32K to 128K tokens, leaves its middle-depth accuracy\n"
                    "far below that of models trained natively on long sequences.",
                ),
            ),
        ),
        Source(
            url="https://longctx.example.io/notes/costs.html",
            kind="html",
            title="What long contexts cost",
            body="""<html><head><title>What long contexts cost</title></head><body><nav>Notes</nav>
<article><h1>What long contexts cost</h1>
<p>Serving a 128K-token prompt with Albatross-128K takes 14.2 seconds to the first token on one accelerator,
against 0.9 seconds for a 4K-token prompt.</p>
<p>Key-value cache memory grows linearly with context length; at 128K tokens it needs 40 GB per request.</p>
<p>Prompt caching cuts the time to first token for repeated long prefixes by 85%.</p>
</article></body></html>""",
        ),
    ),
    claims=(
        EvalClaim("Albatross-128K reaches 83.4% accuracy when the needle is in the middle of a 128K-token context.", S, "Albatross-128K 97.1 83.4"),
        EvalClaim("Pelican-32K-ext achieves 62.0% single-needle accuracy at middle depth.", C, "Pelican-32K-ext 88.5 41.2"),
        EvalClaim("Gannet-200K reaches 52.6% on multi-needle reasoning at 128K tokens, compared with 81.0% at 8K tokens.", S, "52.6%"),
        EvalClaim("NeedleBench evaluates 12 long-context models.", C, "9 long-context models"),
        EvalClaim("Accuracy rises when the needle sits in the middle of the context rather than at its start or end.", C, "drops sharply"),
        EvalClaim("Each NeedleBench task has 600 test items at every context length.", S, "600"),
        EvalClaim("A 128K-token prompt on Albatross-128K takes 14.2 seconds to the first token, against 0.9 seconds for 4K tokens.", S, "14.2 seconds"),
        EvalClaim("Prompt caching reduces the time to first token for repeated long prefixes by 60%.", C, "85%"),
        EvalClaim("At 128K tokens the key-value cache needs 40 GB of memory per request.", S, "40 GB"),
        EvalClaim("Sparse attention lets Gannet-200K process one million tokens with constant memory.", N, None),
    ),
)

# Also written after the rules were set: "respectively", fractions against percentages, passive voice.
AGENTS = Case(
    id="eval09_agents",
    title="Tool-using language model agents on software tasks",
    question="How reliably do tool-using agents resolve real software issues?",
    sources=(
        Source(
            url="http://arxiv.org/abs/2508.80008v2",
            kind="pdf",
            title="PatchBench: Agents Resolving Real Repository Issues",
            pages=(
                (
                    "PatchBench: Agents Resolving Real Repository Issues\n"
                    "Abstract. PatchBench collects 1,150 issues from 38 open-source Python reposi-\n"
                    "tories, each paired with the tests that the accepted fix made pass. An issue\n"
                    "counts as resolved only when all of those tests pass and no other test breaks.",
                    "1 Agents\n"
                    "We run two agent scaffolds, ReAct-Shell and PlanFirst, on top of three models.\n"
                    "Each agent may call a shell, a file editor and the test runner, and has a bud-\n"
                    "get of 50 tool calls per issue.",
                ),
                (
                    "2 Results\n"
                    "PlanFirst with Osprey-70B and ReAct-Shell with Osprey-70B resolve 31.4% and\n"
                    "24.9% of the issues, respectively. Planning before editing helps most on\n"
                    "issues that touch more than one file.",
                    "Agents fail mainly by editing the wrong file (43% of failures) or by stopping\n"
                    "before running the tests (21% of failures). Doubling the tool-call budget to\n"
                    "100 raises the resolve rate of PlanFirst with Osprey-70B to 33.0%.",
                ),
            ),
        ),
        Source(
            url="https://agents.example.com/blog/cost-of-agents",
            kind="html",
            title="The cost of running coding agents",
            body="""<html><head><title>The cost of running coding agents</title></head><body>
<main><h2>The cost of running coding agents</h2>
<p>A PatchBench run of PlanFirst with Osprey-70B costs on average 1.80 dollars per issue and takes 6.5 minutes.</p>
<p>The share of issues resolved per dollar is highest for the smallest model, Tern-Agent-8B, which resolves
0.12 of issues at 0.20 dollars each.</p>
</main></body></html>""",
        ),
    ),
    claims=(
        EvalClaim("PatchBench contains 1,150 issues drawn from 38 open-source Python repositories.", S, "1,150 issues"),
        EvalClaim("ReAct-Shell with Osprey-70B resolves 24.9% of PatchBench issues.", S, "24.9%"),
        EvalClaim("PlanFirst with Osprey-70B resolves 35.2% of the issues.", C, "31.4%"),
        EvalClaim("Editing the wrong file accounts for 43% of agent failures.", S, "43%"),
        EvalClaim("Each agent has a budget of 100 tool calls per issue.", C, "50 tool calls"),
        EvalClaim("Tern-Agent-8B resolves 12% of issues at a cost of 0.20 dollars per issue.", S, "Tern-Agent-8B"),
        EvalClaim("A PatchBench run of PlanFirst with Osprey-70B costs 2.40 dollars per issue on average.", C, "1.80 dollars"),
        EvalClaim("Planning before editing helps most on issues that touch more than one file.", S, "Planning before editing"),
        EvalClaim("Agents resolve more issues when they are allowed to browse the web for documentation.", N, None),
    ),
)

DIRECTION = Case(
    id="eval10_direction",
    title="How much distillation and calibration help small students",
    question="Which small models gain most from distillation and calibration data?",
    sources=(
        Source(
            url="https://distil.example.org/notes/students.txt",
            kind="txt",
            title="Notes on distilled students",
            body=(
                "Notes on distilled students\n\n"
                "Instruction-tuned Kestrel students gain less from self-distillation than base Kestrel students, "
                "so a second distillation round is rarely worth its cost for them.\n\n"
                "Quantised Kestrel students gain more from calibration data than full-precision Kestrel students: "
                "512 calibration samples recover most of the accuracy lost to 4-bit weights.\n\n"
                "Longer distillation schedules improve Kestrel students steadily up to 40 epochs; beyond that the "
                "held-out loss rises again.\n\n"
                "Pruned Kestrel students drop more accuracy on long inputs than on short ones."
            ),
        ),
    ),
    claims=(
        EvalClaim("Self-distillation helps instruction-tuned Kestrel students less than base Kestrel students.", S,
                  "gain less from self-distillation"),
        EvalClaim("Quantised Kestrel students gain less from calibration data than full-precision students.", C,
                  "gain more from calibration data"),
        EvalClaim("Quantised Kestrel students benefit more from calibration data than full-precision ones.", S,
                  "gain more from calibration data"),
        EvalClaim("Pruned Kestrel students lose more accuracy on long inputs than on short inputs.", S,
                  "drop more accuracy on long inputs"),
        EvalClaim("Kestrel students trained with distillation beat their teachers on every benchmark.", N, None),
    ),
)


CASES: tuple[Case, ...] = (CODEGEN, MOE, RAG, QUANT, ASR, ALIGN, GRAPH, LONGCTX, AGENTS, DIRECTION)
