"""Reading claims' figures and questions' subjects: the sentence shapes claims and questions take."""

from __future__ import annotations

import dataclasses

import pytest

from claimdesk.checks import check_library, check_report
from claimdesk.checks.figures import entity_key, read_claim
from claimdesk.checks.numbers import ENTITY_KEYS_VERSION, entity_keys
from claimdesk.checks.subject import acronyms, addresses, question_subject, root, subject_terms
from claimdesk.model import Claim
from claimdesk.parsing import parse_file
from conftest import SEED_NAMES, SEEDS


def facts(text: str) -> list[tuple[str, str, str, str, float]]:
    numbers = read_claim("r", 1, text)
    if numbers is None:
        return []
    return [(entity_key(numbers.entity), f.written, f.measure, f.condition, f.value) for f in numbers.figures]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Qwen2.5-Coder-7B-base achieves 59.6% on HumanEval Pro and 38.6% on MBPP Pro",
         [("qwen2.5coder7bbase", "HumanEval Pro", "", "", 59.6), ("qwen2.5coder7bbase", "MBPP Pro", "", "", 38.6)]),
        ("On GSM8K, Orca 2 13B reaches 59.1% (8-shot).", [("orca2.13b", "GSM8K", "", "8-shot", 59.1)]),
        ("Conformer-L reaches a 6.3% word error rate on Switchboard.",
         [("conformerl", "Switchboard", "word error rate", "", 6.3)]),
        ("Whisper large v3 transcribes LibriSpeech test-clean with a word error rate of 2.7%.",
         [("whisperlargev3", "LibriSpeech test-clean", "word error rate", "", 2.7)]),
        ("Gemma-7B achieves 64.3% and 46.4% on MMLU and GSM8K respectively.",
         [("gemma7b", "MMLU", "", "", 64.3), ("gemma7b", "GSM8K", "", "", 46.4)]),
        ("Phi-2's accuracy on ARC-Challenge is 75.1%.", [("phi2", "ARC-Challenge", "accuracy", "", 75.1)]),
        ("In 16-bit precision, Mistral-7B-v0.1 scores 62.5% on MMLU (5-shot).",
         [("mistral7bv0.1", "MMLU", "", "16-bit; 5-shot", 62.5)]),
        ("Without fine-tuning, T5-XL obtains 31.2 exact match on Natural Questions.",
         [("t5xl", "Natural Questions", "exact match", "no fine-tuning", 31.2)]),
        ("BERT-large achieves 91.8 F1 on SQuAD v1.1 on the test split.",
         [("bertlarge", "SQuAD v1.1", "f1", "test split", 91.8)]),
        ("o1-mini achieves 96.2% pass@1 on HumanEval but only 76.2% on HumanEval Pro",
         [("o1mini", "HumanEval", "pass@1", "", 96.2), ("o1mini", "HumanEval Pro", "pass@1", "", 76.2)]),
        ("Falcon-40B reaches 55.4% on MMLU (5-shot) and 48.1% on MMLU in the zero-shot setting.",
         [("falcon40b", "MMLU", "", "5-shot", 55.4), ("falcon40b", "MMLU", "", "0-shot", 48.1)]),
        ("Llama-2-7B quantized to 4 bits reaches 44.0% on MMLU with 5 shots.",
         [("llama2.7b", "MMLU", "", "4-bit; 5-shot", 44.0)]),
        ("Galactica 30B reaches a 0-shot accuracy of 68.4% on ARC-Easy.",
         [("galactica30b", "ARC-Easy", "accuracy", "0-shot", 68.4)]),
        ("Whisper medium.en transcribes LibriSpeech test-other with a WER of 5.2%.",
         [("whispermediumen", "LibriSpeech test-other", "word error rate", "", 5.2)]),
        ("Model 2 (70B) reaches 70.1% on MMLU.", [("model2.70b", "MMLU", "", "", 70.1)]),
        ("On RULER at 32k tokens, Llama-3.1-8B achieves 81.2% (zero-shot).",
         [("llama3.1.8b", "RULER", "", "0-shot", 81.2)]),
        ("In bf16, StarCoder2 15B reaches a pass@1 of 44.1% on HumanEval.",
         [("starcoder2.15b", "HumanEval", "pass@1", "16-bit", 44.1)]),
        ("On the MMLU benchmark, Model-2-70B scores 71.3% in the 5-shot setting.",
         [("model2.70b", "MMLU", "", "5-shot", 71.3)]),
        ("Model 2 70B attains an MMLU accuracy of 71.3% (5-shot).", [("model2.70b", "MMLU", "accuracy", "5-shot", 71.3)]),
        ("The 5-shot MMLU accuracy of Model 2 70B is 71.3%.", [("model2.70b", "MMLU", "accuracy", "5-shot", 71.3)]),
        ("Speech-X Large transcribes LibriSpeech test-other at a 6.0% word error rate.",
         [("speechxlarge", "LibriSpeech test-other", "word error rate", "", 6.0)]),
        ("Speech-X-Large achieves a word error rate (WER) of 6.0% on LibriSpeech test-other.",
         [("speechxlarge", "LibriSpeech test-other", "word error rate", "", 6.0)]),
    ],
)
def test_sentence_shapes_give_subject_benchmark_measure_condition_and_value(text, expected):
    assert facts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The method achieves 59.6% on HumanEval Pro.",  # no model name
        "DeepSeekMoE 16B activates 2.8B of its 16.4B parameters for each token.",  # no benchmark
        "Reflexion-7B improves HumanEval pass@1 by 11 points.",  # a difference, not a result
        "DeepSeek-V2 saves 42.5% of training costs compared with DeepSeek 67B.",
        "Speculative decoding speeds up Llama-2-70B by 2.1x.",
        "Instruction-tuned models are less efficient on self-invoking code generation.",
    ],
)
def test_sentences_without_a_result_give_no_figure(text):
    assert facts(text) == []


def test_numbers_after_a_comparison_belong_to_the_other_model():
    assert facts("DeepSeek-V2 reaches 78.5% on MMLU, up from 71.3% for DeepSeek 67B.") == [
        ("deepseekv2", "MMLU", "", "", 78.5)
    ]


@pytest.mark.parametrize(
    "left, right",
    [("Model 2 70B", "Model-2-70B"), ("model2-70b", "Model 2 70B"), ("Qwen2.5Coder-7B-base", "Qwen2.5-Coder-7B-base"),
     ("o1 mini", "o1-mini"), ("Llama 3.1 8B", "Llama-3.1-8B")],
)
def test_model_names_fold_spaces_hyphens_dots_and_case(left, right):
    assert entity_key(left) == entity_key(right)


def test_digits_meeting_across_a_separator_keep_two_models_apart():
    assert entity_key("Qwen2.5-7B") != entity_key("Qwen2-57B")


def _report(report_id: str, *claims: str):
    base = parse_file(SEEDS / SEED_NAMES[0])
    rows = tuple(Claim(index=n, text=text, verified=False, confidence=0.9) for n, text in enumerate(claims, 1))
    return dataclasses.replace(base, id=report_id, claims=rows)


def _conflicting(report, others=()):
    return [f.claim for f in check_report(report, others) if f.code == "conflicting-numbers"]


def test_the_same_condition_conflicts_and_another_does_not():
    same = _report("r1", "Falcon-40B reaches 55.4% on MMLU (5-shot).", "Falcon 40B scores 57.0% on MMLU in the 5-shot setting.")
    other = _report("r2", "Falcon-40B reaches 55.4% on MMLU (5-shot).", "Falcon 40B scores 48.1% on MMLU (0-shot).")
    assert _conflicting(same) == [1, 2]
    assert _conflicting(other) == []


def test_prompting_is_a_condition_too():
    report = _report("p", "PaLM 540B achieves 17.9% on GSM8K with standard prompting.",
                     "PaLM 540B achieves 56.9% on GSM8K with chain-of-thought prompting.",
                     "With CoT prompting, PaLM 540B reaches 58.1% on GSM8K.")
    assert _conflicting(report) == [2, 3]


def test_a_measure_named_on_one_side_only_still_conflicts_but_two_measures_do_not():
    named_once = _report("r1", "DeiT-B reaches 81.8% on ImageNet.", "DeiT-B reaches 79.9% top-1 accuracy on ImageNet.")
    two = _report("r2", "DeiT-B reaches 81.8% top-1 accuracy on ImageNet.", "DeiT-B reaches 95.6% top-5 accuracy on ImageNet.")
    assert _conflicting(named_once) == [1, 2]
    assert _conflicting(two) == []


def test_conflicts_across_reports_despite_other_spellings_and_shapes():
    a = _report("a", "Whisper-large-v3 reaches a 2.0% word error rate on LibriSpeech test-clean.")
    b = _report("b", "Whisper large v3 transcribes LibriSpeech test-clean with a word error rate of 2.7%.")
    results = check_library([a, b])
    for report_id in ("a", "b"):
        (finding,) = [f for f in results[report_id] if f.code == "conflicting-numbers"]
        assert "LibriSpeech test-clean" in finding.message
    assert check_report(a, [a, b]) == results["a"]


def test_entity_keys_are_versioned_and_name_only_subjects_with_figures():
    assert ENTITY_KEYS_VERSION == 2
    report = _report("k", "Model 2 70B reaches 70.1% on MMLU (5-shot).", "Model-2-70B is a dense model.",
                     "The survey covers 12 benchmarks.")
    assert entity_keys(report) == {"model2.70b"}


# --- the subject of a question


@pytest.mark.parametrize(
    "question, subject",
    [
        ("How robust is the ALF-LB method to expert initialization and expert capacity constraints when evaluated "
         "on the HumanEval and MBPP benchmarks?", "the ALF-LB method"),
        ("How does speculative decoding with a small draft model affect the latency of Llama-2-70B?",
         "speculative decoding with a small draft model"),
        ("What is the effect of 4-bit weight quantisation on the perplexity of Llama-2 models?",
         "4-bit weight quantisation"),
        ("Does low-rank adaptation match full fine-tuning on GLUE?", "low-rank adaptation"),
        ("How does knowledge transfer affect small models?", "knowledge transfer"),
        ("In sparse MoE models, how does expert dropout affect calibration?", "expert dropout"),
        ("What role does data ordering play in curriculum learning?", "data ordering"),
        ("What impact does tokenizer vocabulary size have on multilingual model quality?", "tokenizer vocabulary size"),
        ("Which routing strategy gives the best load balance in sparse MoE models?", "routing strategy"),
        ("Under what conditions does self-consistency decoding improve arithmetic reasoning?",
         "self-consistency decoding"),
        ("How do state-space models such as Mamba handle long-range dependencies compared with Transformers?",
         "state-space models such as Mamba"),
        ("Which benchmarks matter most?", None),
    ],
)
def test_the_question_subject_is_read_from_its_grammar(question, subject):
    assert question_subject(question) == subject


def test_model_names_are_setting_not_subject():
    assert subject_terms("How does knowledge distillation from GPT-4 affect small models on GSM8K?") == (
        "knowledge", "distillation")


def test_roots_meet_across_spelling_and_inflection():
    assert root("quantisation") == root("quantized") == root("quantization")
    assert root("distillation") == root("distilled")
    assert root("scale") == root("scaling")


def test_acronyms_and_synonyms_address_the_subject():
    assert acronyms("LoRA and ALF-LB beat CoT; HumanEval") == {"lora", "alflb", "cot"}  # HumanEval: a name
    assert addresses("low-rank adaptation", ["low-rank", "adaptation"], "LoRA trains 0.3% of the parameters.")
    assert addresses("the ALF-LB method", ["alf-lb"], "Auxiliary-loss-free load balancing keeps experts balanced.")
    assert addresses("RLHF alignment", ["rlhf", "alignment"], "Instruction-tuned models are less efficient.")
    assert not addresses("expert-choice routing", ["expert-choice", "routing"], "MMLU is four-way multiple choice.")
    assert addresses("instruction-tuned models", ["instruction-tuned"], "Instruction tuning helps negation.")
    assert addresses("pre-training", ["pre-training"], "Pretraining on code helps.")
    assert not addresses("knowledge distillation from GPT-4", ["knowledge", "distillation"], "GPT-4 solves 92% of GSM8K.")
