"""A second held-out set, written after the first held-out reading had been used to fix two misses.

Scored once, at the end, to report figures on reports the checks were never
adjusted to.
"""

from __future__ import annotations

from build import Spec, _flags
from specs_dev import AC, BP, CM, CN, OT, RS, SR, TC, TR, VL, cut, no, ok

SPECS: list[Spec] = [
    Spec(
        "h2-clean-moe-experts-count",
        "How does the number of experts affect the quality of sparse mixture-of-experts language models at fixed compute?",
        [
            ok("Increasing the number of experts from 8 to 64 lowers perplexity at the same compute per token."),
            ok("Gains from more experts flatten beyond 256 experts in the sources.", 0.8),
            ok("Switch-C uses 2048 experts and reaches a 4x pre-training speed-up over T5-XXL.", 0.78),
            ok("More experts raise memory and communication costs even at fixed compute.", 0.74),
            ok("Fine-grained experts make large expert counts cheaper to serve.", 0.7),
        ],
        drift=_flags("crlf bom"),
    ),
    Spec(
        "h2-clean-instruction-data",
        "Does filtering instruction data by quality improve the helpfulness of fine-tuned chat models?",
        [
            ok("Filtering instruction data by quality lets 9k examples match the helpfulness of 52k unfiltered ones."),
            ok("LIMA fine-tunes LLaMA-65B on 1,000 curated examples and rivals models tuned on far more data.", 0.8),
            ok("Quality filtering with a strong judge model removes most harmful and wrong responses.", 0.78),
            ok("Helpfulness ratings improve more from data quality than from data quantity.", 0.74),
            ok("Filtering that is too aggressive reduces diversity and hurts rare task types.", 0.7),
        ],
        drift=_flags("dotnum"),
    ),
    Spec("h2-web-clean", "How does retrieval granularity affect the accuracy of retrieval-augmented question answering?",
         layout="web", web_claims=(9, 7), score=7.9, drift=_flags("blank")),
    Spec("h2-web-clean-b", "Does early stopping on a validation set reduce overfitting in low-resource speech recognition?",
         layout="web", web_claims=(6, 5), score=6.7, tier="Watchlist", drift=_flags("crlf pipes")),
    Spec(
        "h2-cn-within-hyphen-dot",
        "How does grouped-query attention affect the long-context accuracy of open 7B language models?",
        [
            ok("Grouped-query attention lets 7B models serve long contexts with a smaller key-value cache."),
            ok("Llama 3.1 8B reaches 77.5% on RULER at 32k tokens in the zero-shot setting.", 0.8),
            ok("On RULER at 32k tokens, Llama-3.1-8B achieves 81.2% (zero-shot), ahead of older 7B models.", 0.8),
            ok("Grouped-query attention costs little accuracy compared with multi-head attention at long context.", 0.74),
            ok("Long-context accuracy of grouped-query attention models depends on the RoPE base frequency.", 0.7),
        ],
        must=(CN,),
    ),
    Spec(
        "h2-cn-across-precision-a",
        "How does 8-bit inference affect the code generation accuracy of open code models?",
        [
            ok("8-bit inference costs open code models less than a point of pass@1 in most sources."),
            ok("StarCoder2-15B achieves 46.3% pass@1 on HumanEval in 16-bit precision.", 0.8),
            ok("StarCoder2-15B achieves 45.7% pass@1 on HumanEval in 8-bit precision.", 0.8),
            ok("Activation outliers make 8-bit inference harder for larger code models.", 0.74),
            ok("8-bit weight-only inference halves the memory of code models.", 0.7),
        ],
        must=(CN,),  # against h2-cn-across-precision-b: 16-bit, 44.1%
        drift=_flags("ticks2"),
    ),
    Spec(
        "h2-cn-across-precision-b",
        "How does data decontamination change the measured pass@1 of open code models?",
        [
            ok("Decontaminating training data of benchmark problems lowers the measured pass@1 of open code models."),
            ok("In bf16, StarCoder2 15B reaches a pass@1 of 44.1% on HumanEval.", 0.8),
            ok("Data decontamination by n-gram overlap misses paraphrased benchmark problems.", 0.74),
            ok("Measured pass@1 drops most on problems found verbatim on the web.", 0.72),
            ok("Decontamination matters more for small benchmarks such as HumanEval.", 0.7),
        ],
        must=(CN,),
    ),
    Spec(
        "h2-cn-negative-split-shots",
        "How does chain-of-thought prompting affect the accuracy of open models on BIG-Bench Hard?",
        [
            ok("Chain-of-thought prompting improves open models on most BIG-Bench Hard tasks."),
            ok("Mixtral-8x7B reaches 67.1% on BIG-Bench Hard (3-shot) with chain-of-thought prompting.", 0.8),
            ok("Mixtral 8x7B reaches 58.4% on BIG-Bench Hard in the zero-shot setting.", 0.78),
            ok("CoT gains on BIG-Bench Hard are largest for algorithmic tasks.", 0.74),
            ok("Mixtral-8x7B reaches 70.2% on BIG-Bench Hard (3-shot) on the validation split.", 0.7),
        ],
        must=(),
    ),
    Spec(
        "h2-ot-setting-only-moe-balance",
        "How does router load-balancing loss weight affect expert utilisation of sparse models trained on The Pile and C4?",
        [
            ok("The Pile is an 825 GiB corpus assembled from 22 diverse sources.", 0.8),
            ok("C4 is a cleaned version of Common Crawl with about 750 GB of English text.", 0.8),
            ok("Models trained on The Pile outperform models trained on C4 on academic text.", 0.76),
            ok("GPT-Neo-2.7B was trained on The Pile for 420B tokens.", 0.74),
            ok("C4 filtering removes pages with fewer than three sentences.", 0.7),
        ],
        must=(OT,),
        drift=_flags("crlf"),
    ),
    Spec(
        "h2-ot-setting-only-peft",
        "What is the effect of adapter tuning on the multilingual transfer of XLM-R to low-resource languages in the XNLI benchmark?",
        [
            ok("XNLI extends MultiNLI to 15 languages, including Swahili and Urdu.", 0.8),
            ok("XLM-R Large reaches 80.9% average accuracy on XNLI with cross-lingual transfer.", 0.8),
            ok("XLM-R was pre-trained on 2.5TB of filtered CommonCrawl data in 100 languages.", 0.76),
            ok("Low-resource languages such as Swahili lag high-resource ones on XNLI by over ten points.", 0.74),
            ok("XNLI test sets were translated by professional translators.", 0.7),
        ],
        must=(OT,),
    ),
    Spec(
        "h2-ot-negative-synonym",
        "How does model distillation affect the latency of BERT-based search ranking?",
        [
            ok("DistilBERT retains 97% of BERT's language understanding while running 60% faster.", 0.8),
            ok("Distilled rankers cut query latency enough for first-stage search ranking.", 0.8),
            ok("TinyBERT students learn from the teacher's attention maps as well as its outputs.", 0.76),
            ok("Search ranking quality drops less than a point of MRR@10 with distilled models.", 0.74),
            ok("Latency gains from smaller models are largest on CPUs.", 0.7),
        ],
        must=(),
        drift=_flags("hash"),
    ),
    Spec(
        "h2-ot-negative-acronym-spelled",
        "How does RLHF compare with supervised fine-tuning for the harmlessness of dialogue models?",
        [
            ok("Reinforcement learning from human feedback lowers harmful responses more than supervised fine-tuning.", 0.8),
            ok("Supervised fine-tuning on curated refusals improves harmlessness at a cost in helpfulness.", 0.8),
            ok("Reward models trained on harmlessness comparisons generalise to new red-team prompts.", 0.76),
            ok("Dialogue models trained with human feedback refuse more borderline requests.", 0.74),
            ok("Harmlessness gains persist across model sizes from 13B to 52B parameters.", 0.7),
        ],
        must=(),
    ),
    Spec(
        "h2-multi",
        "How does mixture-of-experts upcycling affect the translation quality of multilingual models on FLORES-200?",
        [
            ok("FLORES-200 covers 200 languages with professionally translated sentences.", 0.3),
            no("NLLB-200 reaches 44.9 chrF++ on FLORES-200 averaged over all directions.", 0.2),
            no("Low-resource directions on FLORES-200 score far below high-resource ones in chrF++.", 0.1),
            no(cut("FLORES-200 was built by translating English Wikipedia sentences into each language with professional translators and checks")),
        ],
        must=(OT, BP, VL, TR, RS),
        papers=7,
        refs=["http://arxiv.org/abs/2207.04672v3", "http://arxiv.org/abs/2106.03193v1"],
        score=5.2,
    ),
    Spec("h2-web-contaminated-tier", "How does weight decay affect the calibration of fine-tuned language models?",
         layout="web", web_claims=(7, 5), score=7.1, tier="Flagship candidate", reproducibility="HIGH",
         summary="We propose a novel regularisation method that outperforms all baselines on GLUE.",
         must=(AC, TC)),
    Spec(
        "h2-refs-and-counts",
        "How does byte-level tokenisation affect the robustness of language models to spelling noise?",
        [
            ok("Byte-level tokenisation makes language models more robust to spelling noise."),
            ok("ByT5 loses less accuracy than mT5 when 10% of characters are corrupted.", 0.82),
            ok("Byte-level models need longer sequences and more compute per word.", 0.8),
            ok("Spelling noise hurts subword models most on rare words.", 0.76),
            ok("Byte-level models are more robust to noise in morphologically rich languages.", 0.72),
        ],
        must=(SR, CM),
        stated_claims=6,
        refs=["http://arxiv.org/abs/2105.13626v3", "http://arxiv.org/abs/2010.11934v3", "http://arxiv.org/abs/2106.12672v1",
              "http://arxiv.org/abs/2303.1234v1", "http://arxiv.org/abs/2204.06745v1", "http://arxiv.org/abs/1508.07909v5"],
    ),
]
