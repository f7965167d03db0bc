package com.eventplanner.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class CloudFormationTemplateTest {

    private static final String YAML = """
            Parameters:
              Stage: {Type: String, Default: dev}
              Names: {Type: CommaDelimitedList, Default: "x,y"}
            Mappings:
              Settings:
                dev: {Size: 1}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
              IsDev: !Not [!Condition IsProd]
              Both: !And [!Condition IsDev, !Equals [a, a]]
              Any: !Or [!Condition IsProd, !Equals [a, b]]
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  Sub: !Sub "${AWS::StackName}-${Stage}-${AWS::Region}-${!Literal}"
                  SubWithVars: !Sub ["${A}/${Topic.TopicName}", {A: !Ref Stage}]
                  If: !If [IsProd, big, small]
                  Both: !If [Both, yes-both, no-both]
                  Any: !If [Any, yes-any, no-any]
                  Join: !Join [":", [a, !Ref Stage]]
                  Select: !Select [1, !Split ["/", "p/q/r"]]
                  Azs: !GetAZs ""
                  Map: !FindInMap [Settings, !Ref Stage, Size]
                  Names: !Ref Names
                  Optional: !If [IsProd, x, !Ref AWS::NoValue]
                  Import: !ImportValue other-stack-value
                  Base64: !Base64 hi
                  GetAttList: !GetAtt [Topic, TopicName]
            """;

    private final CloudFormationTemplate template = CloudFormationTemplate.parse(Path.of("inline.yaml"), YAML);
    private final CloudFormationTemplate.Evaluator evaluator = template.evaluator("stack", "us-east-1", "000000000000",
            Map.of(), id -> "ref:" + id, (id, attribute) -> id + "." + attribute);

    private Object property(String name) {
        return evaluator.evaluate(template.properties("Topic").get(name));
    }

    @Test
    void shortFormTagsBecomeLongFormData() {
        Map<String, Object> properties = template.properties("Topic");
        assertThat(properties.get("Join")).isEqualTo(Map.of("Fn::Join", List.of(":", List.of("a", Map.of("Ref", "Stage")))));
        assertThat(properties.get("GetAttList")).isEqualTo(Map.of("Fn::GetAtt", List.of("Topic", "TopicName")));
        assertThat(template.type("Topic")).isEqualTo("AWS::SNS::Topic");
    }

    @Test
    void evaluatesIntrinsicFunctions() {
        assertThat(property("Sub")).isEqualTo("stack-dev-us-east-1-${Literal}");
        assertThat(property("SubWithVars")).isEqualTo("dev/Topic.TopicName");
        assertThat(property("If")).isEqualTo("small");
        assertThat(property("Both")).isEqualTo("yes-both");
        assertThat(property("Any")).isEqualTo("no-any");
        assertThat(property("Join")).isEqualTo("a:dev");
        assertThat(property("Select")).isEqualTo("q");
        assertThat(property("Azs")).isEqualTo(List.of("us-east-1a", "us-east-1b", "us-east-1c"));
        assertThat(property("Map")).isEqualTo(1);
        assertThat(property("Names")).isEqualTo(List.of("x", "y"));
        assertThat(property("Optional")).isSameAs(CloudFormationTemplate.NO_VALUE);
        assertThat(property("Base64")).isEqualTo("aGk=");
        assertThat(property("GetAttList")).isEqualTo("Topic.TopicName");
        Map<String, Object> withoutImport = new java.util.LinkedHashMap<>(template.properties("Topic"));
        withoutImport.remove("Import");
        assertThat(evaluator.evaluate(withoutImport)).asInstanceOf(InstanceOfAssertFactories.MAP)
                .doesNotContainKey("Optional").containsEntry("If", "small");
    }

    @Test
    void parameterOverridesWinOverDefaults() {
        CloudFormationTemplate.Evaluator prod = template.evaluator("stack", "eu-west-1", "1", Map.of("Stage", "prod"),
                id -> id, (id, a) -> id);
        assertThat(prod.evaluate(template.properties("Topic").get("If"))).isEqualTo("big");
        assertThat(prod.condition("IsDev")).isFalse();
    }

    @Test
    void importValueCannotBeResolvedLocally() {
        assertThatThrownBy(() -> property("Import")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Fn::ImportValue");
    }

    @Test
    void locatesAndParsesTheRepositoryTemplate() {
        Path path = CloudFormationTemplate.locate(Path.of("").toAbsolutePath()).orElseThrow();
        CloudFormationTemplate repository = CloudFormationTemplate.load(path);
        assertThat(repository.resources()).isNotEmpty();
        assertThat(repository.resources().keySet().stream().filter(id -> repository.type(id).equals("AWS::SNS::Topic")))
                .hasSizeGreaterThanOrEqualTo(3);
    }
}
