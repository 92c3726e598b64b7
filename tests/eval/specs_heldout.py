"""The held-out half of the evaluation corpus: written with the development half, scored only at the end.

The checks are never tuned on these reports; their figures are reported beside
the development figures to show how the checks hold on reports they were not
tuned on.
"""

from __future__ import annotations

from build import Spec, _flags
from specs_dev import AC, BP, CM, CN, OT, RS, SR, TC, TR, VL, cut, no, ok

SPECS: list[Spec] = [
    Spec(
        "h-clean-moe-capacity",
        "How does the expert capacity factor affect token dropping and quality in sparse mixture-of-experts Transformers?",
        [
            ok("A capacity factor of 1.25 drops fewer than 1% of tokens in Switch Transformer training."),
            ok("Raising the expert capacity factor lowers token dropping at the cost of more memory and communication.", 0.82),
            ok("Dropped tokens pass through the residual connection unchanged.", 0.8),
            ok("Switch-Base-128 reaches the quality of T5-Base with a seventh of the training steps.", 0.76),
            ok("Capacity factors above 2.0 bring no quality gain in the sources.", 0.72),
        ],
        drift=_flags("crlf dotnum"),
    ),
    Spec(
        "h-clean-prefix-tuning",
        "Does prefix-tuning match full fine-tuning of GPT-2 on table-to-text generation with limited data?",
        [
            ok("Prefix-tuning trains 0.1% of the parameters of GPT-2 and keeps the language model frozen."),
            ok("On E2E, prefix-tuned GPT-2 Medium reaches 69.7 BLEU, close to full fine-tuning.", 0.8),
            ok("In low-data settings, prefix-tuning outperforms full fine-tuning on table-to-text generation.", 0.8),
            ok("Prefix-tuning extrapolates better to table topics unseen during training.", 0.74),
            ok("Longer prefixes help table-to-text generation up to about 10 tokens.", 0.7),
        ],
        drift=_flags("bom"),
    ),
    Spec(
        "h-clean-dense-retrieval",
        "How does dense passage retrieval compare with BM25 for open-domain question answering retrieval accuracy?",
        [
            ok("DPR retrieves the answer passage in its top 20 for 78.4% of Natural Questions test questions."),
            ok("BM25 finds the answer in its top 20 for 59.1% of the same questions.", 0.8),
            ok("Dense passage retrieval gains most on questions phrased differently from the evidence.", 0.78),
            ok("Combining BM25 and dense retrieval scores helps on entity-heavy questions.", 0.74),
            ok("Dense retrievers trained on one dataset transfer less well than BM25 to others.", 0.72),
        ],
        drift=_flags("ticks2"),
    ),
    Spec(
        "h-clean-ssl-speech",
        "How does self-supervised pre-training with wav2vec 2.0 reduce the labelled data needed for speech recognition?",
        [
            ok("wav2vec 2.0 pre-training lets ten minutes of labelled audio reach usable word error rates."),
            ok("With one hour of labels, wav2vec 2.0 Large transcribes LibriSpeech test-other with a word error rate of 8.2%.", 0.8),
            ok("Self-supervised pre-training on more unlabelled audio lowers error rates at every labelled budget.", 0.78),
            ok("Quantised latent targets make the contrastive pre-training task well posed.", 0.74),
            ok("Pre-trained speech models still need a language model for the lowest error rates.", 0.7),
        ],
        drift=_flags("hash crlf"),
    ),
    Spec("h-web-clean-a", "Does mixed-precision training with loss scaling preserve the accuracy of large vision models?",
         layout="web", web_claims=(7, 5), score=7.7),
    Spec("h-web-clean-b", "How does data pruning by example difficulty change the scaling of image classifier error?",
         layout="web", web_claims=(9, 6), score=6.8, tier="Watchlist", drift=_flags("crlf bom")),
    Spec("h-web-clean-c", "How do sparse attention patterns affect the quality of long-document summarisation models?",
         layout="web", web_claims=(8, 7), score=8.1, drift=_flags("webswap")),
    Spec(
        "h-cn-within-benchmark-first",
        "How does pre-training on scientific text affect the accuracy of language models on science exam questions?",
        [
            ok("Pre-training on scientific text improves language models on science exam questions."),
            ok("On ARC-Easy, Galactica-30B reaches 63.1% accuracy (0-shot)."),
            ok("Galactica 30B reaches a 0-shot accuracy of 68.4% on ARC-Easy, ahead of general-domain models.", 0.8),
            ok("Scientific pre-training text helps more on chemistry than on physics questions.", 0.74),
            ok("Models pre-trained on papers learn to cite, which helps on science exam questions.", 0.7),
        ],
        must=(CN,),
    ),
    Spec(
        "h-cn-across-wer-a",
        "How does multilingual training affect English word error rates of large speech recognition models?",
        [
            ok("Multilingual training costs large speech recognition models little on English."),
            ok("Whisper-medium.en reaches a 4.1% word error rate on LibriSpeech test-other.", 0.8),
            ok("Multilingual speech models need more parameters to match English-only models.", 0.76),
            ok("English-only training helps small models more than large ones.", 0.72),
            ok("Multilingual training improves robustness to accented English.", 0.7),
        ],
        must=(CN,),
    ),
    Spec(
        "h-cn-across-wer-b",
        "How does model size affect the robustness of English speech recognition to challenging read speech?",
        [
            ok("Larger speech recognition models are more robust on challenging read speech."),
            ok("Whisper medium.en transcribes LibriSpeech test-other with a WER of 5.2%.", 0.8),
            ok("Model size helps most on noisy and accented recordings.", 0.76),
            ok("Robustness gains from size flatten beyond 700M parameters.", 0.72),
            ok("Whisper-medium.en reaches a 3.0% word error rate on LibriSpeech test-clean.", 0.7),
        ],
        must=(CN,),
        drift=_flags("bom"),
    ),
    Spec(
        "h-cn-negative-conditions",
        "How does few-shot prompting change the accuracy of Llama 2 models on commonsense reasoning benchmarks?",
        [
            ok("Few-shot prompting helps Llama 2 models most on commonsense benchmarks with unusual formats."),
            ok("Llama-2-70B reaches 85.3% on HellaSwag (10-shot).", 0.8),
            ok("Llama 2 70B reaches 80.2% on HellaSwag in the zero-shot setting.", 0.78),
            ok("In 4-bit precision, Llama-2-70B scores 84.1% on HellaSwag (10-shot).", 0.74),
            ok("Few-shot exemplars help smaller Llama 2 models more than larger ones.", 0.7),
        ],
        must=(),
    ),
    Spec(
        "h-cn-across-possessive-a",
        "How does continued pre-training on code affect the math accuracy of small language models?",
        [
            ok("Continued pre-training on code helps small language models on math word problems."),
            ok("StableLM-3B's accuracy on GSM8K is 52.2% after continued pre-training on code.", 0.8),
            ok("Code pre-training helps more on multi-step problems than single-step ones.", 0.76),
            ok("Continued pre-training on code costs little on natural-language benchmarks.", 0.72),
            ok("Mixing math text with code in continued pre-training works best.", 0.7),
        ],
        must=(CN,),
    ),
    Spec(
        "h-cn-across-possessive-b",
        "How does synthetic math data in pre-training affect the reasoning of 3B language models?",
        [
            ok("Synthetic math data in pre-training improves the reasoning of 3B language models."),
            ok("StableLM 3B achieves 47.5% on GSM8K after continued pre-training on code.", 0.8),
            ok("Synthetic math data help most when they include worked solutions.", 0.76),
            ok("Too much synthetic math data in pre-training hurts general text quality.", 0.72),
            ok("Reasoning gains from synthetic data transfer to unseen problem types.", 0.7),
        ],
        must=(CN,),
    ),
    Spec(
        "h-ot-setting-only-pruning",
        "How does structured pruning of attention heads affect the accuracy of BERT-base on the SQuAD and MNLI benchmarks?",
        [
            ok("SQuAD v1.1 contains over 100,000 questions posed on Wikipedia articles.", 0.8),
            ok("MNLI covers ten genres of written and spoken English.", 0.8),
            ok("BERT-base reaches 88.5 F1 on SQuAD v1.1.", 0.77),
            ok("BERT-base has 12 layers and 110M parameters.", 0.74),
            ok("MNLI accuracy is reported on matched and mismatched validation sets.", 0.7),
        ],
        must=(OT,),
        drift=_flags("crlf"),
    ),
    Spec(
        "h-ot-setting-only-moe",
        "How does top-1 expert routing affect translation quality of mixture-of-experts models on the WMT14 English-German benchmark?",
        [
            ok("WMT14 English-German contains about 4.5 million sentence pairs.", 0.8),
            ok("Transformer-Big reaches 28.4 BLEU on WMT14 English-German.", 0.8),
            ok("BLEU on WMT14 is computed on newstest2014.", 0.77),
            ok("WMT14 English-German is the most common machine translation benchmark.", 0.74),
            ok("Tokenisation choices change BLEU scores on WMT14 by up to a point.", 0.7),
        ],
        must=(OT,),
    ),
    Spec(
        "h-ot-negative-acronym",
        "How does parameter-efficient fine-tuning compare with full fine-tuning for instruction following of 7B models?",
        [
            ok("PEFT methods such as adapters reach 95% of full fine-tuning quality on instruction following.", 0.8),
            ok("Full fine-tuning of 7B models needs about four times the GPU memory.", 0.8),
            ok("Instruction-following evaluations favour fully fine-tuned models on long answers.", 0.74),
            ok("PEFT checkpoints take a few megabytes per task.", 0.76),
            ok("Adapters trained on more instructions close most of the gap.", 0.7),
        ],
        must=(),
    ),
    Spec(
        "h-counts-and-refs",
        "How does learning-rate warm-up affect the stability of Transformer training with the Adam optimiser?",
        [
            ok("Learning-rate warm-up prevents early divergence of post-norm Transformers trained with Adam."),
            ok("Warm-up compensates for the large variance of Adam's adaptive learning rate early in training.", 0.82),
            ok("Pre-norm Transformers need shorter warm-up than post-norm ones.", 0.8),
            ok("RAdam removes the need for warm-up in several sources.", 0.76),
            ok("Warm-up length matters less for small batch sizes.", 0.72),
        ],
        must=(CM, RS, BP),  # 3 Results states 4 verified: under the publication rule by its own count
        results_verified=4,
        papers=8,
        refs=["http://arxiv.org/abs/1908.03265v4", "http://arxiv.org/abs/2002.04745v2", "http://arxiv.org/abs/1706.03762v7"],
        drift=_flags("refnum"),
    ),
    Spec(
        "h-lowconf-truncated",
        "How does gradient checkpointing trade memory for compute when training large Transformers?",
        [
            ok("Gradient checkpointing stores a subset of activations and recomputes the rest during the backward pass."),
            ok("Checkpointing every layer cuts activation memory to the square root of the layer count with one extra forward", 0.4),
            ok(cut("Selective activation recomputation avoids most of the compute overhead of full checkpointing in large Transformers, according to two sources.")),
            ok("Gradient checkpointing adds about a third to the training time.", 0.76),
            ok("Checkpointing combines with tensor parallelism in large-scale training.", 0.72),
        ],
        must=(VL, TR),
    ),
    Spec("h-web-tier", "Does label noise in pre-training data reduce the transfer accuracy of vision models?",
         layout="web", web_claims=(8, 6), score=7.2, tier="DOI grade", must=(TC,), drift=_flags("crlf")),
    Spec("h-web-rule-contaminated", "How does the choice of optimiser affect the final accuracy of large language models?",
         layout="web", web_claims=(6, 2), score=5.5,
         abstract_question="How does the choice of optimiser affect the.",
         must=(BP, AC)),
    Spec(
        "h-refs-suspicious",
        "How does layer normalisation placement affect the trainability of deep Transformers?",
        [
            ok("Placing layer normalisation before each sub-layer lets deep Transformers train without warm-up."),
            ok("Post-norm Transformers reach better final quality when they train at all, in two sources.", 0.82),
            ok("DeepNorm scales residual connections to train 1,000-layer Transformers.", 0.8),
            ok("Layer normalisation placement changes the gradient norm at initialisation.", 0.76),
            ok("Pre-norm Transformers lose some representation capacity in their deepest layers.", 0.72),
        ],
        must=(SR,),
        refs=["http://arxiv.org/abs/2002.04745v2", "http://arxiv.org/abs/2203.00555v1", "http://arxiv.org/abs/2712.01234v1",
              "http://arxiv.org/abs/1607.06450v1", "http://arxiv.org/abs/2004.08249v2", "https://doi.org/10.5555"],
    ),
    Spec(
        "h-first-person",
        "How does contrastive decoding affect the factuality of open-ended text generation?",
        [
            ok("Contrastive decoding subtracts a small model's log-probabilities from a large model's when choosing tokens."),
            ok("Contrastive decoding lowers repetition and raises coherence ratings in human evaluations.", 0.82),
            ok("Factuality gains from contrastive decoding are largest on knowledge-heavy prompts.", 0.8),
            ok("Contrasting layers of one model works as well as contrasting two models.", 0.76),
            ok("Contrastive decoding costs one extra forward pass of the small model per token.", 0.72),
        ],
        must=(AC,),
        summary="Our experiments show that contrastive decoding outperforms nucleus sampling on Wikipedia and news.",
        drift=_flags("yesno"),
    ),
]
