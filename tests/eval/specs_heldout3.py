"""A third held-out set, written after the second had been used to fix misses; scored once, at the end."""

from __future__ import annotations

from build import Spec, _flags
from specs_dev import AC, BP, CM, CN, OT, RS, SR, TC, TR, VL, cut, no, ok

SPECS: list[Spec] = [
    Spec(
        "h3-clean-spec-sampling",
        "To what extent does speculative sampling reduce the decoding latency of 70B chat models?",
        [
            ok("Speculative sampling with a 4B draft model cuts decoding latency of 70B chat models by about half."),
            ok("The draft model's acceptance rate falls on creative-writing prompts, shrinking the latency gain.", 0.8),
            ok("Tree-based speculative sampling verifies several draft continuations at once.", 0.78),
            ok("Speculative sampling preserves the target model's output distribution exactly.", 0.76),
            ok("Latency gains are smallest at large batch sizes, where decoding is compute-bound.", 0.7),
        ],
        drift=_flags("crlf"),
    ),
    Spec(
        "h3-clean-numbers-consistent",
        "How does context length extension affect the retrieval accuracy of long-context language models?",
        [
            ok("Context length extension by position interpolation keeps retrieval accuracy high up to 64k tokens."),
            ok("Yi-34B-200K posts 97.8% on needle-in-a-haystack at 128k tokens.", 0.8),
            ok("On needle-in-a-haystack at 128k tokens, Yi 34B 200K reaches 97.8%.", 0.78),
            ok("Extending context beyond the training length without fine-tuning collapses retrieval accuracy.", 0.76),
            ok("Yi-34B-200K scores 63.2% on LongBench, above shorter-context models of its size.", 0.7),
        ],
        drift=_flags("bom dotnum"),
    ),
    Spec("h3-web-clean", "How does dynamic batching affect the serving throughput of large language models?",
         layout="web", web_claims=(8, 6), score=7.6, drift=_flags("crlf")),
    Spec(
        "h3-cn-across-delivers-a",
        "How does back-translation affect the translation quality of low-resource machine translation models?",
        [
            ok("Back-translation improves low-resource translation quality when monolingual data is plentiful."),
            ok("mBART-50 delivers 26.4 BLEU on FLORES-101 English–Nepali after fine-tuning.", 0.8),
            ok("Iterative back-translation gives diminishing returns after two rounds.", 0.76),
            ok("Back-translated data helps more for distant language pairs.", 0.72),
            ok("Noisy back-translation outperforms beam back-translation at large scale.", 0.7),
        ],
        must=(CN,),
    ),
    Spec(
        "h3-cn-across-delivers-b",
        "How does multilingual denoising pre-training affect translation between English and low-resource languages?",
        [
            ok("Multilingual denoising pre-training improves translation between English and low-resource languages."),
            ok("After fine-tuning, mBART 50 records 22.9 BLEU on FLORES-101 English–Nepali.", 0.8),
            ok("Denoising pre-training helps most when parallel data has fewer than 100k sentences.", 0.76),
            ok("Multilingual denoising pre-training transfers to languages unseen in pre-training.", 0.72),
            ok("Pre-training on more languages dilutes capacity for each language.", 0.7),
        ],
        must=(CN,),
        drift=_flags("ticks2"),
    ),
    Spec(
        "h3-cn-within-success-rate",
        "How does self-reflection affect the success rate of language-model agents on interactive tasks?",
        [
            ok("Self-reflection lets language-model agents recover from failed attempts on interactive tasks."),
            ok("Agent-7B records a 63.0% success rate on ALFWorld with self-reflection.", 0.8),
            ok("With self-reflection, Agent 7B achieves a success rate of 71.0% on ALFWorld.", 0.8),
            ok("Self-reflection gains shrink on tasks that need long-horizon planning.", 0.74),
            ok("Reflection memories longer than three episodes bring no further gain.", 0.7),
        ],
        must=(CN,),
    ),
    Spec(
        "h3-cn-negative-shapes",
        "How does mixture-of-depths routing affect the efficiency of decoder-only language models?",
        [
            ok("Mixture-of-depths routing lets tokens skip blocks of a decoder-only model."),
            ok("MoD-1B reaches 12.3 perplexity on C4 with 50% fewer FLOPs per token.", 0.8),
            ok("MoD-1B reaches 12.9 perplexity on C4 in 8-bit precision.", 0.78),
            ok("Compared with a dense 1B model at 12.5 perplexity on C4, MoD-1B is 50% faster to sample.", 0.76),
            ok("Routing capacity of 12.5% per block gives the best trade-off in mixture-of-depths models.", 0.7),
        ],
        must=(),
    ),
    Spec(
        "h3-ot-setting-only",
        "How effective is federated fine-tuning for adapting Llama-2-7B to medical question answering on MedQA and PubMedQA?",
        [
            ok("MedQA contains multiple-choice questions from US medical licensing exams.", 0.8),
            ok("PubMedQA asks yes/no/maybe questions about biomedical research abstracts.", 0.8),
            ok("Llama-2-7B reaches 39.2% accuracy on MedQA.", 0.76),
            ok("Med-PaLM 2 scores 86.5% on MedQA.", 0.74),
            ok("PubMedQA has 1,000 expert-annotated questions.", 0.7),
        ],
        must=(OT,),
        drift=_flags("bom"),
    ),
    Spec(
        "h3-ot-setting-only-can",
        "Can sparse attention kernels speed up long-document summarisation with BART on arXiv and PubMed?",
        [
            ok("The arXiv summarisation dataset pairs papers with their abstracts.", 0.8),
            ok("PubMed summaries are shorter on average than arXiv abstracts.", 0.8),
            ok("BART-large reaches 44.2 ROUGE-1 on PubMed.", 0.76),
            ok("Documents in the arXiv dataset average about 6,000 words.", 0.74),
            ok("ROUGE correlates weakly with human judgements of long summaries.", 0.7),
        ],
        must=(OT,),
    ),
    Spec(
        "h3-ot-negative-acronym",
        "How does parameter-efficient prompt tuning compare with full fine-tuning of T5-XXL on SuperGLUE?",
        [
            ok("PPT pre-trains soft prompts so that prompt tuning matches full fine-tuning with few examples.", 0.8),
            ok("Prompt tuning of T5-XXL matches full fine-tuning on SuperGLUE at 11B parameters.", 0.8),
            ok("Soft prompts of 100 tokens are enough for most SuperGLUE tasks.", 0.76),
            ok("Prompt tuning falls behind full fine-tuning for models below 1B parameters.", 0.74),
            ok("A single frozen T5-XXL can serve many tasks with one soft prompt each.", 0.7),
        ],
        must=(),
        drift=_flags("hash crlf"),
    ),
    Spec(
        "h3-multi-paper",
        "How does gradient noise injection affect the generalisation of small convolutional networks on CIFAR-10?",
        [
            ok("CIFAR-10 contains 60,000 32x32 colour images in ten classes.", 0.4),
            ok("ResNet-20 reaches 91.7% test accuracy on CIFAR-10 with standard augmentation.", 0.45),
            no("CIFAR-10 images are split into 50,000 training and 10,000 test images.", 0.1),
            no("Small convolutional networks on CIFAR-10 train in under an hour on one GPU.", 0.1),
        ],
        must=(OT, BP, VL),
        score=5.5,
        refs=["http://arxiv.org/abs/1511.06807v1", "http://arxiv.org/abs/1512.03385v1", "http://arxiv.org/abs/1708.04552v2",
              "http://arxiv.org/abs/1605.07146v4"],
    ),
    Spec("h3-web-problems", "Does label smoothing improve the calibration of speech recognition models?",
         layout="web", web_claims=(8, 6), grounded=5, score=6.1, tier="Watchlist", must=(CM, BP),
         drift=_flags("blank bom")),
]
