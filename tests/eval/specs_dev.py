"""The development half of the evaluation corpus: reports written to exercise every check.

About two fifths should raise no finding. The number claims use the sentence shapes claims take
in the wild; the off-topic reports name the question's setting but not its
method. Model figures are consistent across reports unless a spec says it
conflicts on purpose (the corpus is checked as one library).
"""

from __future__ import annotations

from build import Spec, _flags


def ok(text: str, confidence: float = 0.86) -> tuple[str, bool, float]:
    return (text, True, confidence)


def cut(text: str) -> str:
    """The publisher's cut: claim text stops at 120 characters."""
    return text[:120]


def no(text: str, confidence: float = 0.31) -> tuple[str, bool, float]:
    return (text, False, confidence)


CN = "conflicting-numbers"
OT = "off-topic-claims"
CM = "count-mismatch"
RS = "references-short"
BP = "below-publication-rule"
TC = "tier-contradiction"
VL = "verified-low-confidence"
TR = "truncated-claim"
AC = "abstract-contamination"
SR = "suspicious-reference"

SPECS: list[Spec] = [
    # --- clean paper reports -------------------------------------------------------------
    Spec(
        "clean-moe-shared-experts",
        "How does shared expert isolation affect the load balance and quality of sparse mixture-of-experts language models?",
        [
            ok("Shared experts that are always active capture common knowledge, so routed experts specialise more."),
            ok("Isolating two shared experts lowers the load imbalance among routed experts in every layer studied."),
            ok("DeepSeekMoE 16B matches LLaMA2 7B quality with about 40% of its computation."),
            ok("Removing the shared expert raises validation loss in sparse MoE models at every scale tested.", 0.78),
            ok("Fine-grained routed experts combined with a shared expert give the best quality per FLOP.", 0.8),
            no("Expert load balance varies more across layers than across training steps.", 0.44),
        ],
        summary="Sources agree that always-active shared experts improve balance among the routed experts.",
    ),
    Spec(
        "clean-spec-decoding",
        "How does speculative decoding with a small draft model change the generation latency of Llama-2-70B?",
        [
            ok("Speculative decoding with a 7B draft model speeds up Llama-2-70B generation by 2.1x at equal output quality."),
            ok("The speed-up of speculative sampling grows with the acceptance rate of the draft model's tokens."),
            ok("A draft model that shares the target's tokenizer accepts about 70% of proposed tokens on dialogue prompts.", 0.8),
            ok("Speculative decoding leaves the output distribution of the target model unchanged.", 0.92),
            ok("Latency gains from draft models shrink at large batch sizes, where generation is compute-bound.", 0.77),
        ],
        drift=_flags("crlf"),
    ),
    Spec(
        "clean-lora-glue",
        "Does low-rank adaptation match full fine-tuning of RoBERTa-large on the GLUE benchmark?",
        [
            ok("LoRA with rank 8 matches full fine-tuning of RoBERTa-large on GLUE within 0.3 points on average."),
            ok("LoRA trains about 0.3% of the parameters that full fine-tuning updates.", 0.9),
            ok("On GLUE, RoBERTa-large with LoRA reaches 89.0 average score, against 88.9 for full fine-tuning.", 0.81),
            ok("Low-rank adapters add no inference latency once merged into the frozen weights.", 0.88),
            ok("LoRA at rank 1 already recovers most of the GLUE quality of higher ranks.", 0.7),
        ],
        drift=_flags("dotnum"),
    ),
    Spec(
        "clean-rag-hallucination",
        "How does retrieval-augmented generation reduce hallucination in open-domain question answering on Natural Questions?",
        [
            ok("RAG models generate fewer unsupported statements than closed-book models of the same size."),
            ok("Retrieving 10 passages per question lowers the hallucination rate of a 7B reader by about a third.", 0.8),
            ok("Retrieval-augmented readers answer more Natural Questions correctly when the retriever recall is high.", 0.79),
            ok("Hallucinations that remain after retrieval mostly come from irrelevant retrieved passages.", 0.75),
            ok("Retrieval augmentation helps least on questions whose answers are common knowledge.", 0.7),
            ok("Fusion-in-decoder readers use evidence from many retrieved passages at once.", 0.74),
        ],
        drift=_flags("bom"),
    ),
    Spec(
        "clean-distillation-gsm8k",
        "How does knowledge distillation from GPT-4 affect the reasoning accuracy of small language models on GSM8K?",
        [
            ok("Distilling step-by-step rationales from GPT-4 lifts the GSM8K accuracy of 7B students by 10 to 15 points."),
            ok("Orca-2-7B reaches 55.7% on GSM8K in the 8-shot setting after training on teacher explanations.", 0.8),
            ok("Students distilled on more diverse reasoning strategies generalise better to unseen math problems.", 0.76),
            ok("Distillation gains shrink when the teacher's rationales contain arithmetic errors.", 0.72),
            ok("Knowledge distillation with filtered teacher outputs beats training on unfiltered outputs.", 0.7),
        ],
        drift=_flags("hash blank"),
    ),
    Spec(
        "clean-quantisation-perplexity",
        "What is the effect of 4-bit weight quantisation on the perplexity of Llama-2 models on WikiText-2?",
        [
            ok("GPTQ quantization to 4 bits raises Llama-2-7B perplexity on WikiText-2 from 5.47 to 5.69."),
            ok("Quantized Llama-2-70B models lose less perplexity than quantized 7B models at the same bit width.", 0.83),
            ok("Activation-aware weight quantization keeps 4-bit perplexity within 0.2 of the 16-bit model.", 0.8),
            ok("Weight-only 4-bit quantisation cuts the memory of Llama-2-13B weights by about 70%.", 0.87),
            ok("Group-wise quantization with groups of 128 weights reduces the perplexity loss further.", 0.74),
        ],
    ),
    Spec(
        "clean-cot-palm",
        "How does chain-of-thought prompting change the accuracy of PaLM 540B on GSM8K compared to standard prompting?",
        [
            ok("CoT prompting raises PaLM 540B accuracy on GSM8K from 17.9% to 56.9% in the 8-shot setting."),
            ok("The benefit of chain-of-thought prompts appears only in models above roughly 100B parameters.", 0.82),
            ok("Self-consistency over sampled reasoning paths improves CoT accuracy on GSM8K by a further 17 points.", 0.78),
            ok("Standard prompting gives flat scaling curves on multi-step arithmetic word problems.", 0.8),
            ok("Errors in chain-of-thought outputs are mostly calculator errors and missing reasoning steps.", 0.66),
        ],
        drift=_flags("ticks2 crlf"),
    ),
    Spec(
        "clean-zloss",
        "Does adding a router z-loss reduce training instability in large sparse mixture-of-experts models?",
        [
            ok("The router z-loss penalises large router logits and removes most loss spikes in ST-MoE training."),
            ok("With the z-loss, a 269B-parameter sparse model trains stably without lowering quality.", 0.84),
            ok("Router instabilities come from round-off errors in the exponential of large logits.", 0.8),
            ok("The z-loss coefficient of 0.001 gives stability at no measurable cost in downstream quality.", 0.72),
            ok("Training in bfloat16 makes router instability more likely without the z-loss.", 0.7),
        ],
        drift=_flags("nonum"),
    ),
    Spec(
        "cn-across-whisper-b",
        "How robust is large-scale weakly supervised speech recognition to background noise compared to supervised models?",
        [
            ok("Whisper-large-v3 reaches a 2.0% word error rate on LibriSpeech test-clean.", 0.9),
            ok("Weakly supervised Whisper models degrade more gracefully under additive noise than supervised models.", 0.84),
            ok("At 0 dB signal-to-noise ratio, Whisper's word error rate stays below that of wav2vec 2.0 models.", 0.79),
            ok("Supervised models trained only on LibriSpeech lose most accuracy under pub noise.", 0.75),
            ok("Robustness to background noise grows with the amount of weakly supervised training audio.", 0.72),
        ],
        must=(CN,),  # against cn-across-whisper-a: 2.7% on test-clean
    ),
    Spec(
        "clean-upcycling",
        "How does sparse upcycling from dense checkpoints compare with training mixture-of-experts models from scratch?",
        [
            ok("Sparse upcycling initialises each expert from the dense model's feed-forward layer."),
            ok("Upcycled T5 models outperform their dense continuations for the same extra training compute.", 0.85),
            ok("MoE models trained from scratch need about 1.2 times the upcycling budget to catch up.", 0.78),
            ok("Upcycling gains are largest when the extra compute is small relative to the original training.", 0.74),
            ok("Upcycled experts start identical and diverge as routing specialises during continued training.", 0.7),
        ],
        drift=_flags("refnum"),
    ),
    Spec(
        "clean-flashattention",
        "How does IO-aware exact attention affect training speed and memory of long-context Transformers?",
        [
            ok("FlashAttention computes exact attention in tiles that fit in on-chip SRAM, avoiding reads of the full matrix."),
            ok("IO-aware attention trains GPT-2 about 3 times faster than the standard implementation.", 0.82),
            ok("The memory of exact attention with tiling grows linearly rather than quadratically in sequence length.", 0.9),
            ok("FlashAttention-2 reaches about 70% of the theoretical peak throughput on A100 GPUs.", 0.75),
            ok("Longer context enabled by memory-efficient attention improves perplexity on long documents.", 0.72),
        ],
        drift=_flags("shortdate"),
    ),
    Spec(
        "clean-dpo",
        "Does direct preference optimization match RLHF with PPO in alignment quality for summarisation and dialogue?",
        [
            ok("DPO optimises the policy directly on preference pairs without fitting a separate reward model."),
            ok("On TL;DR summarisation, DPO reaches a higher win rate against reference summaries than PPO.", 0.8),
            ok("DPO is more stable to train than PPO and needs less hyperparameter tuning.", 0.78),
            ok("Direct preference optimization matches PPO on single-turn dialogue in human evaluations.", 0.74),
            ok("RLHF with PPO remains ahead when the preference data are noisy, according to one source.", 0.6),
        ],
        drift=_flags("yesno"),
    ),
    Spec(
        "clean-kv-quant",
        "How does key-value cache quantization affect long-context retrieval accuracy of open language models?",
        [
            ok("Quantizing the key-value cache to 2 bits per channel keeps needle retrieval accuracy above 95% up to 32k tokens.", 0.8),
            ok("Keys need per-channel quantization because of outlier channels, while values suit per-token quantization."),
            ok("KV cache quantization to 4 bits halves serving memory with little loss on LongBench.", 0.82),
            ok("Mixtral-8x7B keeps 97.5% retrieval accuracy on needle-in-a-haystack with a 4-bit cache.", 0.76),
            ok("The accuracy loss from cache quantization grows with context length beyond 64k tokens.", 0.7),
        ],
        drift=_flags("bom crlf"),
    ),
    Spec(
        "clean-mamba",
        "Do selective state-space models match Transformers on language modelling at equal parameter counts?",
        [
            ok("Mamba's selective state-space layers let the model decide per token what to keep in its state."),
            ok("Mamba-2.8B matches the perplexity of Transformers twice its size on the Pile.", 0.8),
            ok("Selective state-space models run inference with constant memory per token.", 0.9),
            ok("State-space language models lag Transformers on in-context retrieval tasks such as phonebook look-up.", 0.74),
            ok("Hybrid models with a few attention layers close most of the retrieval gap of pure state-space models.", 0.72),
        ],
    ),
    Spec(
        "clean-vit-augmentation",
        "How does strong data augmentation affect the accuracy of Vision Transformers trained on ImageNet-1k alone?",
        [
            ok("DeiT-B reaches 81.8% top-1 accuracy on ImageNet with strong augmentation and no external data."),
            ok("Without RandAugment and Mixup, ViT-B trained on ImageNet-1k alone loses several points of accuracy.", 0.84),
            ok("DeiT-B reaches 95.6% top-5 accuracy on ImageNet under the same augmentation recipe.", 0.72),
            ok("Repeated augmentation helps Vision Transformers more than convolutional networks.", 0.7),
            ok("Stochastic depth and augmentation together replace the need for large-scale pre-training data.", 0.66),
        ],
        drift=_flags("lead"),
    ),
    Spec(
        "cn-base-gemma-mistral",
        "How does instruction tuning change the benchmark accuracy of open 7B language models on MMLU and GSM8K?",
        [
            ok("Gemma-7B achieves 64.3% and 46.4% on MMLU and GSM8K respectively before instruction tuning."),
            ok("Instruction tuning of Gemma 7B adds about two points on MMLU.", 0.78),
            ok("Instruction-tuned Mistral-7B-v0.1 models gain more on GSM8K than on MMLU.", 0.76),
            ok("In 16-bit precision, Mistral-7B-v0.1 scores 62.5% on MMLU (5-shot).", 0.8),
            ok("Mistral 7B v0.1 achieves 60.1% on MMLU (5-shot) in 4-bit precision, after instruction tuning.", 0.7),
            ok("Falcon-40B reaches 55.4% on MMLU (5-shot) and 48.1% on MMLU in the zero-shot setting.", 0.72),
        ],
        must=(CN,),  # against cn-across-gemma-respectively and cn-across-mistral-fp16
        drift=_flags("dotnum crlf"),
    ),
    # --- clean web reports ---------------------------------------------------------------
    Spec("web-clean-moe-routing", "How does expert-choice routing affect load balance in sparse mixture-of-experts models?",
         layout="web", web_claims=(8, 6), score=7.9, drift=_flags("pipes")),
    Spec("web-clean-rag", "Does retrieval augmentation lower factual error rates of open-domain question answering systems?",
         layout="web", web_claims=(7, 5), score=7.6),
    Spec("web-clean-speech", "How does self-supervised pre-training affect low-resource speech recognition word error rates?",
         layout="web", web_claims=(9, 7), score=8.0, drift=_flags("crlf")),
    Spec("web-clean-watchlist", "Does curriculum ordering of training data speed up convergence of small code models?",
         layout="web", web_claims=(6, 5), score=6.9, tier="Watchlist", drift=_flags("bom")),
    Spec("web-clean-flagship", "How does tool use with a code interpreter affect mathematical problem solving of language models?",
         layout="web", web_claims=(10, 8), score=8.8, tier="Flagship candidate", reproducibility="HIGH"),
    Spec("web-clean-public", "Do larger tokenizer vocabularies improve multilingual language model efficiency?",
         layout="web", web_claims=(7, 5), score=7.0, tier="Public record", drift=_flags("webswap")),
    Spec("web-clean-summary", "How do long-context language models use information in the middle of their input?",
         layout="web", web_claims=(8, 6), score=7.7,
         summary="Sources agree that models use information at the start and end of long inputs more than in the middle."),
    # --- conflicting numbers ---------------------------------------------------------------
    Spec(
        "cn-within-orca-spaces",
        "How do explanation-tuned small language models compare with larger models on grade-school math reasoning?",
        [
            ok("Explanation tuning teaches small models to choose a reasoning strategy for each math problem."),
            ok("On GSM8K, Orca 2 13B reaches 59.1% (8-shot)."),
            ok("Orca-2-13B scores 47.2% on GSM8K in the 8-shot setting, below models ten times its size.", 0.8),
            ok("Small models tuned on explanations beat instruction-tuned models of equal size on math reasoning.", 0.8),
            ok("Gains from explanation tuning are smaller on multi-step word problems than on single-step ones.", 0.7),
        ],
        must=(CN,),
    ),
    Spec(
        "cn-across-whisper-a",
        "How does the size of weakly supervised speech models affect English word error rates on read speech?",
        [
            ok("Larger weakly supervised speech models make fewer errors on read English speech."),
            ok("Whisper large v3 transcribes LibriSpeech test-clean with a word error rate of 2.7%.", 0.8),
            ok("Whisper large-v3 transcribes LibriSpeech test-other with a WER of 3.9%.", 0.8),
            ok("Scaling weakly supervised speech models beyond 1B parameters gives diminishing returns on read speech.", 0.7),
            ok("Model size matters more for accented speech than for read speech.", 0.75),
        ],
        must=(CN,),  # against clean-whisper-noise: 2.0% on test-clean
        drift=_flags("crlf"),
    ),
    Spec(
        "cn-across-mistral-fp16",
        "How does numerical precision at inference affect the MMLU accuracy of open 7B language models?",
        [
            ok("Inference precision below 8 bits costs open 7B models a few points on knowledge benchmarks."),
            ok("Mistral-7B-v0.1 reaches 64.2% on MMLU (5-shot) in fp16.", 0.8),
            ok("Numerical precision matters less for larger models than for 7B models.", 0.76),
            ok("8-bit inference of 7B models is indistinguishable from 16-bit inference on MMLU.", 0.78),
            ok("Outlier features make precision below 8 bits harder for activations than for weights.", 0.72),
        ],
        must=(CN,),  # against clean-gemma-numbers: 62.5% on MMLU (5-shot) in 16-bit
    ),
    Spec(
        "cn-across-gemma-respectively",
        "How does the ratio of code to natural-language pre-training data affect math reasoning of open 7B models?",
        [
            ok("More code in pre-training data improves the math reasoning of open 7B models."),
            ok("Gemma 7B scores 64.3% on MMLU and 50.9% on GSM8K with a code-heavy data mixture.", 0.8),
            ok("Raising the share of code beyond a quarter of the pre-training data hurts natural-language tasks.", 0.75),
            ok("Code pre-training data helps most on multi-step math reasoning problems.", 0.74),
            ok("The benefit of code data for math reasoning appears early in pre-training.", 0.7),
        ],
        must=(CN,),  # against clean-gemma-numbers: 46.4% on GSM8K
        drift=_flags("bom"),
    ),
    Spec(
        "cn-within-possessive",
        "How does curriculum data ordering affect the science question answering accuracy of small language models?",
        [
            ok("Ordering training data from easy to hard improves small models on science questions."),
            ok("Phi-2's accuracy on ARC-Challenge is 75.1% after curriculum pre-training.", 0.8),
            ok("Phi-2 reaches 71.4% accuracy on ARC-Challenge, the best among models under 3B parameters.", 0.8),
            ok("Curriculum ordering gains fade after the first epoch of pre-training.", 0.72),
            ok("Synthetic textbook data is the main driver of small-model science accuracy.", 0.7),
        ],
        must=(CN,),
        drift=_flags("dotnum"),
    ),
    Spec(
        "cn-within-pass1-dots",
        "How does test-time search with execution feedback affect the pass@1 of reasoning models on code benchmarks?",
        [
            ok("Test-time search with execution feedback raises pass@1 of reasoning models on code benchmarks."),
            ok("o1-mini achieves 96.2% pass@1 on HumanEval with search and execution feedback.", 0.8),
            ok("o1 mini reaches 92.4% pass@1 on HumanEval under the same search budget.", 0.8),
            ok("o1-mini achieves 98.0% pass@10 on HumanEval with execution feedback.", 0.75),
            ok("Execution feedback helps test-time search most on problems with hidden edge cases.", 0.74),
        ],
        must=(CN,),
    ),
    Spec(
        "cn-across-t5-finetuning-a",
        "How does fine-tuning on question answering data change the exact-match accuracy of T5 models on open-domain questions?",
        [
            ok("Fine-tuning T5 models on question answering data raises their exact-match accuracy by large margins."),
            ok("Without fine-tuning, T5-XL obtains 31.2 exact match on Natural Questions.", 0.8),
            ok("After fine-tuning, T5-XL reaches 51.9 exact match on Natural Questions.", 0.82),
            ok("Larger T5 models gain more exact-match accuracy from fine-tuning than smaller ones.", 0.74),
            ok("Fine-tuned closed-book T5 models remain behind retrieval-based readers on open-domain questions.", 0.72),
        ],
        must=(CN,),  # against cn-across-t5-finetuning-b
    ),
    Spec(
        "cn-across-t5-finetuning-b",
        "How much world knowledge do pre-trained T5 models store, as measured by closed-book question answering?",
        [
            ok("Pre-trained T5 models store enough world knowledge to answer many open-domain questions closed-book."),
            ok("T5 XL reaches 38.0 exact match on Natural Questions without any fine-tuning.", 0.8),
            ok("Closed-book answers of T5 models are often plausible but wrong entities.", 0.74),
            ok("The knowledge stored by T5 models grows with parameter count.", 0.78),
            ok("Salient span masking during pre-training improves closed-book question answering of T5 models.", 0.72),
        ],
        must=(CN,),
        drift=_flags("crlf bom"),
    ),
    Spec(
        "cn-across-swap-metrics",
        "How do code models trained on synthetic instruction data perform on self-invoking code generation?",
        [
            ok("Code models trained on synthetic instruction data struggle with self-invoking code generation."),
            ok("WaveCoder-Ultra-6.7B achieved a score of 61.4 on the Base Problem and 26.3 on the Self-invoking Problem.", 0.8),
            ok("Self-invoking code generation requires reusing a solution to a simpler problem.", 0.8),
            ok("Synthetic instruction data improve base problems more than self-invoking ones.", 0.74),
            ok("Magicoder-S-DS-6.7B achieved a score of 50.9 on the Base Problem and 33.3 on the Self-invoking Problem.", 0.72),
        ],
        must=(CN,),  # against cn-swap-metrics-b: the same two numbers under HumanEval Pro / MBPP Pro
    ),
    Spec(
        "cn-swap-metrics-b",
        "How does instruction data generated by language models affect code generation of 7B code models?",
        [
            ok("Instruction data generated by language models improve code generation of 7B code models."),
            ok("WaveCoder-Ultra-6.7B achieves 61.4% on HumanEval Pro and 26.3% on MBPP Pro.", 0.8),
            ok("Generated instruction data need filtering by execution to help code generation.", 0.77),
            ok("Diverse generated instructions help more than many near-duplicate ones.", 0.74),
            ok("Code models trained on generated instructions overfit to the style of the generator.", 0.7),
        ],
        must=(CN,),
        drift=_flags("hash"),
    ),
    Spec(
        "cn-within-wer-measure-after",
        "How does speaker adaptation affect the word error rate of conformer speech recognisers on conversational speech?",
        [
            ok("Speaker adaptation lowers the word error rate of conformer recognisers on conversational speech."),
            ok("Conformer-L reaches a 6.3% word error rate on Switchboard with i-vector speaker adaptation.", 0.8),
            ok("With i-vector speaker adaptation, Conformer L transcribes Switchboard with a word error rate of 7.9%.", 0.8),
            ok("Speaker adaptation helps most for speakers with strong accents.", 0.72),
            ok("Test-time speaker adaptation needs less than a minute of audio per speaker.", 0.7),
        ],
        must=(CN,),
        drift=_flags("ticks2"),
    ),
    Spec(
        "cn-across-deepseek-upfrom",
        "How does multi-head latent attention affect the inference cost of large mixture-of-experts language models?",
        [
            ok("Multi-head latent attention compresses the key-value cache into a low-rank latent vector."),
            ok("DeepSeek-V2 reaches 78.5% on MMLU, up from 71.3% for DeepSeek 67B, while activating 21B parameters.", 0.8),
            ok("Latent attention reduces the KV cache of DeepSeek-V2 by 93.3% compared with DeepSeek 67B.", 0.82),
            ok("Mixture-of-experts models with latent attention serve more tokens per second at equal memory.", 0.76),
            ok("DeepSeek-V2 achieves 80.1% on MMLU (5-shot) when evaluated with the full-precision weights.", 0.7),
        ],
        must=(),  # the 78.5% (unstated shots) and 80.1% (5-shot) are different conditions
    ),
    Spec(
        "cn-negative-splits",
        "How does whole-word masking affect the reading comprehension accuracy of BERT models?",
        [
            ok("Whole-word masking makes the masked language modelling task harder and the learned features stronger."),
            ok("BERT-large reaches 93.2 F1 on SQuAD v1.1 on the dev set with whole-word masking.", 0.8),
            ok("BERT-large achieves 91.8 F1 on SQuAD v1.1 on the test split.", 0.8),
            ok("Whole-word masking helps most on questions whose answers span several tokens.", 0.72),
            ok("BERT-large reaches 86.7 exact match on SQuAD v1.1 on the dev set.", 0.74),
        ],
        must=(),
        drift=_flags("blank"),
    ),
    Spec(
        "cn-negative-non-scores",
        "How does fine-grained expert segmentation affect the compute efficiency of sparse mixture-of-experts models?",
        [
            ok("DeepSeekMoE 16B activates 2.8B of its 16.4B parameters for each token."),
            ok("Fine-grained expert segmentation splits each expert into 4 smaller experts and activates 4 times as many.", 0.82),
            ok("DeepSeekMoE 16B was trained on 2T tokens and uses 6 of 64 routed experts per token.", 0.8),
            ok("DeepSeekMoE 16B reaches 45.0% on MMLU with 40% of the computation of LLaMA2 7B.", 0.74),
            ok("Expert segmentation improves compute efficiency by 1.5 times over top-2 routing in the sources.", 0.7),
        ],
        must=(),
    ),
    Spec(
        "cn-negative-model-sizes",
        "How does model scale affect code generation pass@1 in the Qwen code model family?",
        [
            ok("Qwen2.5-Coder-7B achieves 61.6% pass@1 on HumanEval (0-shot) as a base model."),
            ok("Qwen2-57B-A14B achieves 53.0% pass@1 on HumanEval (0-shot) as a mixture-of-experts base model.", 0.8),
            ok("Larger code models gain most on multi-function problems.", 0.76),
            ok("Qwen 2.5 Coder 7B reaches 61.6% pass@1 on HumanEval in the 0-shot setting.", 0.76),
            ok("Qwen2.5-Coder-32B achieves 65.9% pass@1 on HumanEval (0-shot) as a base model, the best of the family.", 0.7),
        ],
        must=(),
    ),
    # --- off-topic claims ------------------------------------------------------------------
    Spec(
        "ot-setting-only-specdec",
        "How does speculative decoding with a small draft model affect the generation latency of Llama-2-70B on MT-Bench and HumanEval?",
        [
            ok("MT-Bench contains 80 multi-turn questions across eight categories.", 0.8),
            ok("HumanEval measures functional correctness of generated Python functions with unit tests.", 0.8),
            ok("Llama-2-70B-chat reaches a score of 6.86 on MT-Bench.", 0.77),
            ok("HumanEval problems come with an average of 7.7 tests each.", 0.74),
            ok("GPT-4 judgements on MT-Bench agree with human experts over 80% of the time.", 0.72),
        ],
        must=(OT,),
    ),
    Spec(
        "ot-setting-only-distillation",
        "How does knowledge distillation from GPT-4 affect the reasoning accuracy of small models on GSM8K and MATH?",
        [
            ok("GSM8K consists of 8.5K grade-school math word problems written by human annotators.", 0.8),
            ok("The MATH dataset contains 12,500 competition mathematics problems with step-by-step solutions.", 0.8),
            ok("GPT-4 solves 92% of GSM8K problems with chain-of-thought prompting.", 0.78),
            ok("Problems in MATH are labelled with five difficulty levels and seven subjects.", 0.75),
            ok("GSM8K answers are single integers, which makes automatic grading simple.", 0.7),
            ok("Small models make more arithmetic errors on MATH than on GSM8K.", 0.66),
        ],
        must=(OT,),
        drift=_flags("crlf"),
    ),
    Spec(
        "ot-setting-only-rag",
        "How does retrieval-augmented generation reduce hallucination of question answering models on Natural Questions and TriviaQA?",
        [
            ok("Natural Questions contains real anonymised queries issued to the Google search engine.", 0.8),
            ok("TriviaQA pairs trivia questions with evidence documents gathered by distant supervision.", 0.8),
            ok("Answers in Natural Questions are annotated as long and short spans of Wikipedia pages.", 0.77),
            ok("TriviaQA questions are longer and more compositional than Natural Questions queries.", 0.74),
            ok("Both datasets are standard open-domain question answering benchmarks.", 0.7),
        ],
        must=(OT,),
        drift=_flags("dotnum bom"),
    ),
    Spec(
        "ot-setting-only-quant",
        "What is the effect of 4-bit weight quantisation on the perplexity of Llama-2 models on WikiText-2?",
        [
            ok("WikiText-2 consists of about two million tokens from verified Good and Featured Wikipedia articles.", 0.8),
            ok("Llama-2 models were pre-trained on 2 trillion tokens of public data.", 0.8),
            ok("Llama-2-7B reaches a perplexity of 5.47 on WikiText-2 with a context of 4096 tokens.", 0.76),
            ok("Perplexity on WikiText-2 falls steadily with model size across the Llama-2 family.", 0.74),
            ok("Llama-2-70B uses grouped-query attention, unlike the smaller Llama-2 models.", 0.7),
        ],
        must=(OT,),
    ),
    Spec(
        "ot-setting-only-alflb",
        "How robust is auxiliary-loss-free load balancing to expert capacity limits when evaluated on the HumanEval and MBPP benchmarks?",
        [
            ok("HumanEval and MBPP are fundamental benchmarks of Python function completion.", 0.8),
            ok("MBPP contains 974 crowd-sourced Python programming problems.", 0.8),
            ok("DeepseekCoder-33B-instruct achieves 80.7% on HumanEval Pro and 43.9% on MBPP Pro.", 0.77),
            ok("HumanEval Pro extends each HumanEval problem with a self-invoking follow-up problem.", 0.74),
            ok("Instruction-tuned code models score higher on HumanEval than their base models.", 0.7),
        ],
        must=(OT,),
        drift=_flags("ticks2"),
    ),
    Spec(
        "ot-generic-survey",
        "How does sparse expert routing in multimodal models affect visual grounding accuracy compared to dense models?",
        [
            ok("Large language models have transformed natural language processing over the last five years.", 0.8),
            ok("LLMs are trained on web-scale corpora with self-supervised objectives.", 0.8),
            ok("Prompt engineering and in-context learning adapt LLMs to new tasks without training.", 0.77),
            ok("The survey reviews pre-training, post-training, utilisation and evaluation of LLMs.", 0.74),
            ok("Open challenges include efficiency, safety and evaluation of large models.", 0.7),
        ],
        must=(OT,),
    ),
    Spec(
        "ot-negative-acronym-lora",
        "Does low-rank adaptation match full fine-tuning when adapting GPT-3 to summarisation on the SAMSum dataset?",
        [
            ok("LoRA adapts GPT-3 175B with 4.7M trainable parameters.", 0.85),
            ok("On SAMSum, LoRA reaches ROUGE scores within a point of full fine-tuning of GPT-3.", 0.8),
            ok("LoRA keeps the pre-trained weights frozen and trains rank-decomposition matrices.", 0.82),
            ok("SAMSum contains about 16k messenger-like conversations with summaries.", 0.75),
            ok("LoRA checkpoints are about 10,000 times smaller than full GPT-3 checkpoints.", 0.7),
        ],
        must=(),
        drift=_flags("crlf"),
    ),
    Spec(
        "ot-negative-acronym-rag",
        "How does retrieval-augmented generation change answer accuracy on TriviaQA compared with closed-book generation?",
        [
            ok("RAG-Sequence answers 56.8% of TriviaQA questions exactly, above closed-book T5-11B.", 0.8),
            ok("The retriever of RAG is a dense passage retriever over a Wikipedia index.", 0.8),
            ok("TriviaQA answers often appear verbatim in the retrieved passages.", 0.74),
            ok("RAG models can update their knowledge by swapping the document index.", 0.77),
            ok("Closed-book models answer TriviaQA questions from parametric memory alone.", 0.7),
        ],
        must=(),
    ),
    Spec(
        "ot-negative-acronym-cot",
        "Does chain-of-thought prompting improve symbolic reasoning of large language models on last-letter concatenation?",
        [
            ok("CoT prompts with exemplars let large models solve last-letter concatenation for longer words.", 0.8),
            ok("Last-letter concatenation asks a model to join the final letters of each word in a name.", 0.78),
            ok("Standard prompting fails on last-letter concatenation at every model size studied.", 0.75),
            ok("With CoT, PaLM 540B generalises to names longer than those in the exemplars.", 0.76),
            ok("Symbolic reasoning gains from CoT appear only at the largest model scales.", 0.7),
        ],
        must=(),
        drift=_flags("nonum"),
    ),
    Spec(
        "ot-negative-acronym-alflb",
        "How does auxiliary-loss-free load balancing compare with auxiliary-loss balancing in sparse MoE models on code benchmarks?",
        [
            ok("ALF-LB adjusts a per-expert bias on routing scores instead of adding an auxiliary loss.", 0.8),
            ok("With ALF-LB, expert load stays balanced without the gradient interference of an auxiliary loss.", 0.8),
            ok("DeepSeek-V3 uses bias-based balancing and keeps all tokens during training.", 0.76),
            ok("HumanEval pass@1 improves slightly when the auxiliary loss is removed, in one source.", 0.7),
            ok("Bias updates of 0.001 per step keep the routing balanced throughout pre-training.", 0.72),
        ],
        must=(),
    ),
    Spec(
        "ot-negative-synonym-quantized",
        "What is the effect of 8-bit quantisation on the accuracy of BERT models on the GLUE benchmark?",
        [
            ok("Q8BERT quantized to 8-bit integers keeps GLUE accuracy within one point of the full-precision model.", 0.8),
            ok("Quantization-aware training recovers most of the accuracy lost by post-training quantization.", 0.8),
            ok("Int8 inference speeds BERT up by about 2 times on CPUs.", 0.76),
            ok("GLUE tasks with small training sets are the most sensitive to quantization noise.", 0.74),
            ok("Quantized embeddings cost less accuracy than quantized attention outputs.", 0.7),
        ],
        must=(),
        drift=_flags("hash"),
    ),
    Spec(
        "ot-negative-partial",
        "How does speculative decoding affect the latency of code generation models on HumanEval?",
        [
            ok("HumanEval measures functional correctness of generated Python functions with unit tests.", 0.8),
            ok("Code is easier to draft than prose, so speculative decoding accepts more tokens on HumanEval.", 0.8),
            ok("HumanEval problems come with an average of 7.7 tests each.", 0.77),
            ok("StarCoder-15B reaches 33.6% pass@1 on HumanEval.", 0.74),
            ok("HumanEval scores are reported with pass@k estimated from many samples.", 0.7),
        ],
        must=(),  # one claim addresses the method
    ),
    # --- counts, rules, tiers -------------------------------------------------------------
    Spec(
        "counts-abstract-vs-results",
        "How does sliding-window attention affect long-context modelling quality in open language models?",
        [
            ok("Sliding-window attention limits each token to a fixed window of previous tokens."),
            ok("Stacked sliding-window layers reach information far beyond a single window.", 0.82),
            ok("Sliding-window attention cuts attention memory at long contexts.", 0.8),
            ok("Rolling buffer caches implement sliding-window attention efficiently at inference.", 0.76),
            ok("Sliding windows lose quality on tasks needing exact recall of distant tokens.", 0.72),
            ok("Mixing sliding-window and global attention layers recovers long-range recall.", 0.7),
        ],
        must=(CM,),
        results_claims=7,
    ),
    Spec(
        "counts-table-rows",
        "Does grouped-query attention preserve quality while speeding up decoding of large language models?",
        [
            ok("Grouped-query attention shares key and value heads among groups of query heads."),
            ok("Grouped-query attention decodes nearly as fast as multi-query attention.", 0.82),
            ok("Uptrained grouped-query attention models keep quality close to multi-head attention.", 0.8),
            ok("Grouped-query attention with 8 groups balances speed and quality in the sources.", 0.76),
            ok("Grouped-query attention reduces the key-value cache in proportion to the number of groups.", 0.72),
        ],
        must=(CM,),
        stated_claims=7,
        drift=_flags("crlf"),
    ),
    Spec(
        "counts-verified-ticks",
        "How does rotary position embedding interpolation extend the context window of pre-trained language models?",
        [
            ok("Position interpolation scales rotary position indices down to fit a longer context."),
            ok("Interpolated rotary embeddings extend Llama models to 32k tokens with brief fine-tuning.", 0.82),
            ok("Interpolation is more stable than extrapolation of rotary position embeddings.", 0.8),
            ok("NTK-aware interpolation keeps high-frequency rotary components intact.", 0.76),
            ok("Context extension by interpolation costs little quality within the original window.", 0.72),
            no("Rotary interpolation fails beyond 128k tokens.", 0.2),
        ],
        must=(CM,),
        stated_verified=6,
    ),
    Spec(
        "counts-score-differs",
        "Does mixture-of-depths routing reduce the compute of Transformer language models without loss of quality?",
        [
            ok("Mixture-of-depths routing lets tokens skip whole blocks of a Transformer."),
            ok("Mixture-of-depths models match baseline quality with fewer FLOPs per forward pass.", 0.82),
            ok("A capacity of 12.5% of tokens per routed block works best in the sources.", 0.8),
            ok("Routing around blocks speeds up sampling by up to 50% in the sources.", 0.76),
            ok("Depth routing combines with expert routing in mixture-of-depths-and-experts models.", 0.72),
        ],
        must=(CM,),
        results_score=7.1,
        drift=_flags("dotnum"),
    ),
    Spec("web-counts-grounded", "How does attention sink retention affect streaming language model perplexity?",
         layout="web", web_claims=(8, 6), grounded=6, score=7.8, must=(CM,)),
    Spec(
        "refs-short",
        "How does batch size warm-up affect the training stability of large language models?",
        [
            ok("Batch size warm-up starts training with small batches and grows them as the loss falls."),
            ok("Growing the batch size during training lowers loss spikes in large language models.", 0.82),
            ok("Batch size warm-up saves up to 30% of training tokens to reach a target loss.", 0.8),
            ok("The critical batch size grows as training loss decreases.", 0.76),
            ok("Batch size warm-up interacts with the learning-rate schedule in the sources.", 0.72),
        ],
        must=(RS,),
        papers=9,
        refs=["http://arxiv.org/abs/2312.16903v2", "http://arxiv.org/abs/1812.06162v1", "http://arxiv.org/abs/2406.12457v1",
              "http://arxiv.org/abs/2002.05202v1", "http://arxiv.org/abs/2203.15556v1"],
    ),
    Spec(
        "rule-low-score",
        "How does label smoothing affect the calibration of image classifiers?",
        [
            ok("Label smoothing improves the calibration of image classifiers on held-out data."),
            ok("Label smoothing erases information in logits that helps knowledge distillation.", 0.82),
            ok("Calibration gains from label smoothing are similar to those of temperature scaling.", 0.8),
            ok("Label smoothing makes penultimate-layer clusters tighter and more evenly spaced.", 0.76),
            ok("Label smoothing can hurt calibration under distribution shift.", 0.72),
        ],
        must=(BP,),
        score=5.9,
        drift=_flags("crlf bom"),
    ),
    Spec(
        "rule-few-verified",
        "Does dropout in the attention layers improve the generalisation of small Transformers trained on limited data?",
        [
            ok("Attention dropout reduces overfitting of small Transformers on limited data."),
            ok("Dropout in attention weights helps less than dropout in feed-forward layers.", 0.82),
            ok("Attention dropout above 0.3 slows convergence without further gains.", 0.8),
            no("Attention dropout is unnecessary for models trained on more than a billion tokens.", 0.4),
            no("Attention dropout interacts with weight decay.", 0.35),
        ],
        must=(BP,),
    ),
    Spec("web-rule-low", "How does gradient clipping affect the stability of reinforcement learning from human feedback?",
         layout="web", web_claims=(7, 3), score=6.2, must=(BP,), drift=_flags("bom crlf")),
    Spec("web-tier-flagship-wrong", "Does test-time training improve the robustness of image classifiers to distribution shift?",
         layout="web", web_claims=(8, 6), score=8.0, tier="Flagship candidate", reproducibility="MEDIUM", must=(TC,)),
    Spec("web-tier-doi-low", "How does prompt ensembling affect the zero-shot accuracy of vision-language models?",
         layout="web", web_claims=(8, 6), score=7.0, tier="DOI grade", must=(TC,), drift=_flags("blank")),
    Spec("web-tier-and-rule", "Does weight averaging of fine-tuned models improve out-of-distribution accuracy?",
         layout="web", web_claims=(6, 4), score=8.6, tier="Flagship candidate", reproducibility="HIGH", must=(TC, BP)),
    Spec(
        "low-confidence",
        "How does the choice of tokenizer affect the arithmetic accuracy of language models?",
        [
            ok("Tokenizers that split numbers into single digits improve arithmetic accuracy."),
            ok("Right-to-left digit grouping in tokenizers helps addition with carries.", 0.35),
            ok("Language models with digit-level tokenization generalise to longer numbers.", 0.8),
            ok("Tokenizers with many multi-digit tokens hurt multiplication accuracy.", 0.76),
            ok("Arithmetic errors cluster at token boundaries inside numbers.", 0.72),
        ],
        must=(VL,),
        drift=_flags("yesno"),
    ),
    Spec(
        "truncated-claims",
        "How does data deduplication of pre-training corpora affect memorisation and quality of language models?",
        [
            ok(cut("Deduplicating pre-training corpora cuts the rate of verbatim memorisation of training text by about ten times in the models studied.")),
            ok(cut("Near-duplicate removal with MinHash improves validation perplexity of language models trained on deduplicated data, in all sources.")),
            ok("Deduplicated corpora let models reach the same quality with fewer training steps.", 0.8),
            ok("Exact substring deduplication removes boilerplate such as licences and navigation menus.", 0.76),
            ok("Memorisation of training text grows with model size and with the number of duplicates.", 0.72),
        ],
        must=(TR,),
    ),
    Spec(
        "contaminated-first-person",
        "How does instruction tuning on synthetic data affect the helpfulness of small chat models?",
        [
            ok("Synthetic instruction data generated by larger models improve helpfulness of small chat models."),
            ok("Instruction tuning on filtered synthetic data beats tuning on unfiltered data.", 0.82),
            ok("Small chat models tuned on synthetic data imitate style more than substance.", 0.8),
            ok("Helpfulness ratings of synthetic-data chat models drop on factual questions.", 0.76),
            ok("Diverse synthetic instructions matter more than their number.", 0.72),
        ],
        must=(AC,),
        summary="In this paper, we present Alpaca, a model fine-tuned from LLaMA 7B on 52K instruction-following demonstrations.",
    ),
    Spec(
        "contaminated-cut-question",
        "How does parameter-efficient fine-tuning compare with full fine-tuning for domain adaptation of language models in clinical text?",
        [
            ok("Parameter-efficient fine-tuning matches full fine-tuning on most clinical text tasks."),
            ok("Adapters trained on clinical notes transfer across hospitals better than fully fine-tuned models.", 0.82),
            ok("Full fine-tuning keeps an edge for clinical named-entity recognition.", 0.8),
            ok("Parameter-efficient methods reduce the risk of forgetting general language skills.", 0.76),
            ok("Domain-adaptive pre-training before fine-tuning helps both methods on clinical text.", 0.72),
        ],
        must=(AC,),
        abstract_question="How does parameter-efficient fine-tuning compare with full fine-tuning for domain adaptation of.",
        drift=_flags("crlf"),
    ),
    Spec("web-contaminated-filler",
         "Does retrieval of code snippets improve repository-level code completion?",
         layout="web", web_claims=(8, 6), score=7.8, must=(AC,),
         summary="The stock market experienced significant volatility during the third quarter as investors weighed inflation data."),
    Spec(
        "suspicious-refs",
        "How does weight tying of input and output embeddings affect language model perplexity?",
        [
            ok("Tying input and output embeddings lowers perplexity of small language models."),
            ok("Weight tying halves the embedding parameters of a language model.", 0.82),
            ok("Untied embeddings help large models with big vocabularies.", 0.8),
            ok("Weight tying acts as a regulariser on the output layer.", 0.76),
            ok("Tied embeddings make rare-word representations better.", 0.72),
        ],
        must=(SR,),
        refs=["http://arxiv.org/abs/1608.05859v3", "http://arxiv.org/abs/1611.01462v3", "http://arxiv.org/abs/0803.1234v1",
              "http://arxiv.org/abs/2014.01234v1", "http://arxiv.org/abs/2305.13245v2", "https://doi.org/10.18653/v1/E17-2025"],
    ),
    # --- several problems at once, as real reports have them ------------------------------
    Spec(
        "multi-seed-like",
        "How robust is expert-choice routing to token dropping when evaluated on the MMLU and HellaSwag benchmarks?",
        [
            ok("MMLU covers 57 subjects from elementary mathematics to law.", 0.3),
            ok("HellaSwag tests commonsense sentence completion with adversarially filtered endings.", 0.25),
            no("Llama-2-13B achieves 54.8% on MMLU and 80.7% on HellaSwag (10-shot).", 0.12),
            no("Falcon-40B reaches 55.4% on MMLU (5-shot) and 85.3% on HellaSwag (10-shot)", 0.1),
            no("MMLU questions are four-way multiple choice, so chance accuracy is 25%.", 0.08),
        ],
        must=(OT, BP, VL, RS),
        papers=10,
        refs=["http://arxiv.org/abs/2009.03300v3", "http://arxiv.org/abs/1905.07830v1", "http://arxiv.org/abs/2202.09368v2"],
        score=4.6,
    ),
    Spec(
        "multi-cut-and-conflict",
        "How does instruction tuning affect the MMLU accuracy of Falcon models under different numbers of exemplars?",
        [
            ok("Instruction tuning of Falcon models helps zero-shot accuracy more than few-shot accuracy on MMLU."),
            ok(cut("Falcon-180B achieves 70.6% on MMLU (5-shot) after instruction tuning and is the strongest open model of its size in every source.")),
            ok("Instruction-tuned Falcon models are more sensitive to the format of exemplars.", 0.8),
            ok("Falcon 180B scores 68.7% on MMLU (5-shot) with the same instruction tuning.", 0.74),
            ok("Instruction tuning narrows the gap between zero-shot and few-shot accuracy.", 0.72),
        ],
        must=(TR, CN, BP),  # 6.0/10 is under the publication rule
        score=6.0,
        drift=_flags("ticks2"),
    ),
    Spec(
        "multi-web-everything",
        "How does instruction tuning with synthetic preference data affect refusal rates of chat models?",
        layout="web", web_claims=(9, 3), grounded=7, score=4.9, tier="DOI grade",
        summary="We introduce a new dataset of refusal prompts collected from red-teaming sessions.",
        must=(CM, BP, TC, AC),
    ),
]
